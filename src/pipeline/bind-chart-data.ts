/**
 * Stage: a chart spec + validated rows -> a self-contained spec with inline values.
 *
 * Vega's loader never reads a file or a URL: every `data.url` is replaced by
 * the dataset's rows, and every field the spec uses must be a column of it.
 */
import { quote, type Problem } from '../errors/report-error.ts';
import { positionOfPath } from './json-position.ts';
import { DATA_URL, findDataRefs, type LoadedChart } from './load-chart-spec.ts';
import { suggestName, type TypedTable } from './validate-rows.ts';

type Path = (string | number)[];

/**
 * Most rows one chart may bind. The rows are inlined into the page's SVG and
 * into three JSON downloads, so a chart of 5,000 points is already a page of
 * megabytes; a larger table should be aggregated into its own dataset first.
 */
export const MAX_CHART_ROWS = 5000;

interface FieldUse {
  field: string;
  path: Path;
}

// Keys whose string value names a data field, wherever they appear in a spec.
const FIELD_KEYS = new Set(['field']);
// Transform keys whose value is a field name or a list of them.
const TRANSFORM_FIELD_KEYS = new Set(['groupby', 'fold', 'sort', 'pivot', 'value', 'flatten', 'impute', 'key', 'density', 'loess', 'regression', 'on', 'frame_field']);

/** Output fields a transform creates without naming them all in `as` (Vega-Lite's defaults). */
function implicitOutputs(transform: Record<string, unknown>): string[] {
  if ('bin' in transform && typeof transform.as === 'string') return [`${transform.as}_end`];
  if ('density' in transform && !('as' in transform)) return ['value', 'density'];
  if ('quantile' in transform && !('as' in transform)) return ['prob', 'value'];
  if ('fold' in transform && !('as' in transform)) return ['key', 'value'];
  return [];
}

/** Fields the spec reads, the ones it creates (transform outputs), and the fields whose values become columns (pivot). */
export function collectFields(spec: unknown): { uses: FieldUse[]; created: Set<string>; pivots: string[] } {
  const uses: FieldUse[] = [];
  const created = new Set<string>();
  const pivots: string[] = [];
  const visit = (node: unknown, path: Path, inTransform: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...path, i], inTransform));
    if (typeof node !== 'object' || node === null) return;
    if (inTransform) {
      implicitOutputs(node as Record<string, unknown>).forEach((name) => created.add(name));
      const pivot = (node as Record<string, unknown>).pivot;
      if (typeof pivot === 'string') pivots.push(pivot);
    }
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      if (key === 'data' || key === 'datasets') continue;
      if (key === 'as') {
        for (const name of [value].flat()) if (typeof name === 'string') created.add(name);
        continue;
      }
      if (FIELD_KEYS.has(key) && typeof value === 'string') {
        uses.push({ field: value, path: here });
        continue;
      }
      if (inTransform && TRANSFORM_FIELD_KEYS.has(key)) {
        if (typeof value === 'string') uses.push({ field: value, path: here });
        else if (Array.isArray(value)) value.forEach((v, i) => typeof v === 'string' && uses.push({ field: v, path: [...here, i] }));
        continue;
      }
      if ((key === 'calculate' || key === 'filter') && typeof value === 'string') {
        for (const m of value.matchAll(/datum\.([A-Za-z_$][\w$]*)|datum\[['"]([^'"]+)['"]\]/g)) uses.push({ field: (m[1] ?? m[2])!, path: here });
      }
      visit(value, here, inTransform || key === 'transform');
    }
  };
  visit(spec, [], false);
  return { uses, created, pivots };
}

/** Every field the spec reads must be a column of its dataset or an output of its transforms. */
export function checkChartFields(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>): Problem[] {
  const columns = new Set(chart.meta.datasets.flatMap((name) => tables.get(name)?.columns ?? []));
  const { uses, created, pivots } = collectFields(chart.spec);
  // A pivot turns each value of its field into a column.
  for (const field of pivots) {
    for (const name of chart.meta.datasets) for (const row of tables.get(name)?.rows ?? []) if (row[field] != null) created.add(String(row[field]));
  }
  const problems: Problem[] = [];
  for (const use of uses) {
    // Vega-Lite field names may address nested values ("a.b"); the first part must exist.
    const root = use.field.split(/(?<!\\)\./)[0]!.replace(/\\\./g, '.');
    if (columns.has(use.field) || columns.has(root) || created.has(use.field) || created.has(root)) continue;
    const guess = suggestName(use.field, [...columns, ...created]);
    const datasetFiles = chart.meta.datasets.map((n) => `data/${n}.csv`).join(', ');
    problems.push({
      file: chart.meta.file,
      ...positionOfPath(chart.text, use.path),
      field: use.path.join('.'),
      expected: `a column of ${datasetFiles} (${[...columns].join(', ')})`,
      found: quote(use.field),
      fix: guess ? `did you mean "${guess}"?` : `add the column to ${datasetFiles}, or fix the field name`,
    });
  }
  return problems;
}

/** Check the spec's fields and size, then inline the rows. */
export function bindChartData(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>): { ok: true; spec: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  const problems = checkChartFields(chart, tables);
  for (const ref of findDataRefs(chart.spec)) {
    const name = DATA_URL.exec(String(ref.url))?.[1];
    const rows = name === undefined ? 0 : (tables.get(name)?.rows.length ?? 0);
    if (rows > MAX_CHART_ROWS) {
      problems.push({
        file: chart.meta.file,
        ...positionOfPath(chart.text, ref.path),
        field: ref.path.join('.'),
        expected: `a dataset of at most ${MAX_CHART_ROWS.toLocaleString('en-US')} rows for one chart`,
        found: `${rows.toLocaleString('en-US')} rows in data/${name}.csv`,
        fix: 'add a top-level "transform" that aggregates the rows (it runs at build time for large datasets), or chart a smaller, aggregated dataset',
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const bind = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(bind);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && typeof value === 'object' && value !== null && 'url' in value) {
        const name = DATA_URL.exec(String((value as { url: unknown }).url))![1]!;
        const { url: _url, format: _format, ...rest } = value as Record<string, unknown>;
        out[key] = { ...rest, values: tables.get(name)!.rows };
      } else {
        out[key] = bind(value);
      }
    }
    return out;
  };
  return { ok: true, spec: bind(chart.spec) as Record<string, unknown> };
}
