/**
 * Stage: a chart spec + validated rows -> a self-contained spec with inline values.
 *
 * Vega's loader never reads a file or a URL: every `data.url` is replaced by
 * the dataset's rows, and every field the spec uses must be a column of it.
 */
import { splitAccessPath } from 'vega';
import { quote, type Problem } from '../errors/report-error.ts';
import type { MapFile } from '../report/map-files.ts';
import { positionOfPath } from '../errors/json-position.ts';
import { DATA_URL, findDataRefs, inlineRows, type LoadedChart } from './load-chart-spec.ts';
import { suggestName, type TypedTable } from './validate-rows.ts';

/** The maps of a report by file name ("world.topojson"). */
export type Maps = ReadonlyMap<string, Pick<MapFile, 'json' | 'kind'>>;

type Path = (string | number)[];

/**
 * Most rows one chart may bind (and draw, counted after its transforms). Altair
 * stops at 5,000 by default; here the page carries one SVG and fetches the
 * specs and tables only when they are used, and what bounds the page is the
 * marks drawn (MAX_CHART_ITEMS) and the page-size check. Measured: a chart of
 * 10,000 points makes a 2.5 MB page (156 kB gzip), which the build warns about.
 * A larger table should be aggregated first (at build time: aggregate-at-build.ts).
 */
export const MAX_CHART_ROWS = 10_000;

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
  // With params: true a regression or loess outputs its model, not points.
  if (('regression' in transform || 'loess' in transform) && transform.params === true) return ['coef', 'rSquared'];
  // A lookup from a selection without "as" stores the selected tuple under the param's name.
  const from = transform.from as { param?: unknown } | undefined;
  if ('lookup' in transform && typeof from?.param === 'string' && !('as' in transform)) return [from.param];
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
      // Data is not spec; config's conditions test a guide's own datum ("value"), like axis ones.
      if (key === 'data' || key === 'datasets' || key === 'config') continue;
      // In guides, "field" names the guide's own datum ("value", "label"), not a column.
      if (key === 'axis' || key === 'legend' || key === 'header') continue;
      if (key === 'as') {
        for (const name of [value].flat()) if (typeof name === 'string') created.add(name);
        continue;
      }
      if (FIELD_KEYS.has(key) && typeof value === 'string') {
        // "*" is "every row" (count), not a field.
        if (value !== '*') uses.push({ field: value, path: here });
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

/** Fields of the rows written in the spec (inline `values`, named `datasets`, `sequence`) and of map features. */
function specColumns(spec: Record<string, unknown>, rowsOut: Record<string, unknown>[] = []): string[] {
  const columns = new Set<string>();
  const addRows = (rows: unknown) => {
    if (!Array.isArray(rows)) return;
    for (const row of rows) {
      if (typeof row === 'object' && row !== null) rowsOut.push(row as Record<string, unknown>);
      if (typeof row === 'object' && row !== null) Object.keys(row).forEach((k) => columns.add(k));
      else columns.add('data'); // Vega-Lite wraps primitive values as { data: value }
    }
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'values') continue;
      if (key === 'data' && typeof value === 'object' && value !== null) {
        const data = value as Record<string, unknown>;
        addRows(inlineRows(data));
        if (data.sequence) columns.add(String((data.sequence as { as?: unknown }).as ?? 'data'));
        // Features of a map: GeoJSON's own fields (properties.* are nested under "properties").
        if (typeof data.url === 'string' && DATA_URL.exec(data.url)?.[2] !== 'csv') ['type', 'id', 'properties', 'geometry'].forEach((c) => columns.add(c));
      }
      if (key === 'datasets' && typeof value === 'object' && value !== null) Object.values(value).forEach(addRows);
      else visit(value);
    }
  };
  visit(spec);
  return [...columns];
}

/** The column a field reads: the first part of its access path ("a.b", "a[0]", "a['b c']", escaped "a\\.b"). */
function rootOf(field: string): string {
  try {
    return splitAccessPath(field)[0] ?? field;
  } catch {
    return field;
  }
}

/** Every field the spec reads must be a column of its dataset or an output of its transforms. */
export function checkChartFields(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>): Problem[] {
  const inline: Record<string, unknown>[] = [];
  const columns = new Set([...chart.meta.datasets.flatMap((name) => tables.get(name)?.columns ?? []), ...specColumns(chart.spec, inline)]);
  const { uses, created, pivots } = collectFields(chart.spec);
  // A pivot turns each value of its field into a column.
  for (const field of pivots) {
    const rows = [...chart.meta.datasets.flatMap((name) => tables.get(name)?.rows ?? []), ...inline];
    for (const row of rows) if (row[field] != null) created.add(String(row[field]));
  }
  const problems: Problem[] = [];
  for (const use of uses) {
    // Vega-Lite field names may address nested values ("a.b", "a[0]"); the first part must exist.
    const root = rootOf(use.field);
    const unescaped = use.field.replace(/\\(.)/g, '$1');
    if ([use.field, root, unescaped].some((name) => columns.has(name) || created.has(name))) continue;
    const guess = suggestName(use.field, [...columns, ...created]);
    const datasetFiles = chart.meta.datasets.map((n) => `data/${n}.csv`).join(', ') || 'the spec\'s data';
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

/** Rows a data source binds: the dataset's, the inline ones, the generated ones. */
function rowsOf(ref: ReturnType<typeof findDataRefs>[number], spec: Record<string, unknown>, tables: ReadonlyMap<string, TypedTable>): { rows: number; what: string } {
  if (ref.kind === 'url') {
    const match = DATA_URL.exec(String(ref.url));
    if (match?.[2] !== 'csv') return { rows: 0, what: '' };
    return { rows: tables.get(match[1]!)?.rows.length ?? 0, what: `in data/${match[1]}.csv` };
  }
  if (ref.kind === 'values') return { rows: ref.rows, what: 'written in the spec' };
  if (ref.kind === 'sequence') return { rows: ref.rows, what: 'generated by the sequence' };
  if (ref.kind === 'name') {
    const rows = (spec.datasets as Record<string, unknown> | undefined)?.[String(ref.name)];
    return { rows: Array.isArray(rows) ? rows.length : 0, what: `in datasets.${String(ref.name)}` };
  }
  return { rows: 0, what: '' };
}

/** Check the spec's fields and size, then inline the rows (tables) and parsed files (maps). */
export function bindChartData(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>, maps: Maps = new Map()): { ok: true; spec: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  const problems = checkChartFields(chart, tables);
  for (const ref of findDataRefs(chart.spec)) {
    const { rows, what } = rowsOf(ref, chart.spec, tables);
    if (rows > MAX_CHART_ROWS) {
      problems.push({
        file: chart.meta.file,
        ...positionOfPath(chart.text, ref.path),
        field: ref.path.join('.'),
        expected: `a dataset of at most ${MAX_CHART_ROWS.toLocaleString('en-US')} rows for one chart`,
        found: `${rows.toLocaleString('en-US')} rows ${what}`,
        fix: ref.kind === 'sequence' ? 'make the sequence shorter (a larger "step" or a smaller range): Vega makes every one of its rows' : 'add a top-level "transform" that aggregates the rows (it runs at build time for large datasets), or chart a smaller, aggregated dataset',
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
        const [, name, kind] = DATA_URL.exec(String((value as { url: unknown }).url))!;
        const { url: _url, format, ...rest } = value as { url: unknown; format?: Record<string, unknown> };
        if (kind === 'csv') {
          // The rows are typed by the schema already; a "parse" still applies (dates, utc: formats), the CSV type does not.
          const { type: _type, delimiter: _delimiter, property: _property, ...kept } = format ?? {};
          out[key] = { ...rest, values: tables.get(name!)!.rows, ...(Object.keys(kept).length > 0 ? { format: kept } : {}) };
        } else {
          // A map: the parsed file, read as the spec says (topojson feature/mesh, or JSON with a property).
          out[key] = { ...rest, values: maps.get(`${name}.${kind}`)!.json, format: { type: kind === 'topojson' ? 'topojson' : 'json', ...format } };
        }
      } else if (key === 'data' && typeof value === 'object' && value !== null && typeof (value as { values?: unknown }).values === 'string') {
        // Rows written as CSV or JSON text become rows: Vega's CSV reader compiles code at run time,
        // which the pages' Content-Security-Policy forbids, and the rows are then what the field check saw.
        const { values: _values, format, ...rest } = value as { values: string; format?: Record<string, unknown> };
        const { type: _type, delimiter: _delimiter, property: _property, ...kept } = format ?? {};
        out[key] = { ...rest, values: inlineRows(value as Record<string, unknown>) ?? [], ...(Object.keys(kept).length > 0 ? { format: kept } : {}) };
      } else {
        out[key] = bind(value);
      }
    }
    return out;
  };
  return { ok: true, spec: bind(chart.spec) as Record<string, unknown> };
}
