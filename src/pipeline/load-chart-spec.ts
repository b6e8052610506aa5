/**
 * Stage: `content/charts/<id>.vl.json` -> a Vega-Lite spec plus its metadata.
 *
 * A spec is code and a CSV is data: the spec may only name a dataset in
 * `data/` by its file name; it never reaches the file system or the network.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { quote, type Problem } from '../errors/report-error.ts';
import { positionOfOffset, positionOfPath } from '../errors/json-position.ts';

/** A dataset in `data/`: a table (`.csv`) or a map (`.topojson`, `.geojson`). */
export const DATA_URL = /^data\/([a-z0-9][a-z0-9_-]*)\.(csv|topojson|geojson)$/;

const chartSpecSchema = z.looseObject({
  $schema: z.string().optional(),
  title: z.union([z.string().min(1), z.looseObject({ text: z.union([z.string().min(1), z.array(z.string()).min(1)]) })]),
  description: z.string().min(1),
  // Data may also sit only in layers, repeats or lookups (checked by findDataRefs).
  data: z.looseObject({}).optional(),
  usermeta: z.looseObject({
    caption: z.string().min(1),
    source: z.object({ label: z.string().min(1), url: z.url({ protocol: /^https?$/ }) }),
  }),
});

export interface ChartMeta {
  id: string;
  file: string;
  title: string;
  /** Alt text: what the chart shows, for readers who cannot see it. */
  description: string;
  caption: string;
  source: { label: string; url: string };
  /** Names of the tables the spec reads (`data/<name>.csv`); maps are not listed. */
  datasets: string[];
}

export interface LoadedChart {
  meta: ChartMeta;
  /** The spec exactly as written. */
  spec: Record<string, unknown>;
  /** The spec text, for error positions. */
  text: string;
}

export type LoadChartResult = { ok: true; chart: LoadedChart } | { ok: false; problems: Problem[] };

const EXPECTED_BY_PATH: Record<string, string> = {
  title: 'a title (string)',
  description: 'a description: one or two sentences of alt text saying what the chart shows',
  'data.url': 'a data.url naming a dataset, like "data/interventions.csv"',
  usermeta: 'a usermeta object with caption and source',
  'usermeta.caption': 'usermeta.caption: the sentence printed under the chart',
  'usermeta.source': 'usermeta.source: { "label": ..., "url": "https://..." }',
  'usermeta.source.label': 'usermeta.source.label: the name of the source',
  'usermeta.source.url': 'usermeta.source.url: an http(s) address',
};

/** One data source of a spec: a dataset in `data/`, rows written in the spec, a generator, or a named dataset. */
export type DataRef =
  | { kind: 'url'; path: (string | number)[]; url: unknown }
  | { kind: 'values'; path: (string | number)[]; rows: number }
  | { kind: 'sequence'; path: (string | number)[]; rows: number }
  | { kind: 'generator'; path: (string | number)[] }
  | { kind: 'name'; path: (string | number)[]; name: unknown }
  | { kind: 'unknown'; path: (string | number)[] };

/** How many rows a `sequence` generator makes (Vega's rule: from start, by step, while before stop). */
export function sequenceLength(sequence: unknown): number {
  const { start, stop, step = 1 } = (sequence ?? {}) as { start?: unknown; stop?: unknown; step?: unknown };
  if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return 0;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** The rows of inline `values`: the array, or the array at `format.property` of an object (nested JSON). */
export function inlineRows(data: Record<string, unknown>): unknown[] | undefined {
  let values = data.values;
  const format = data.format as { type?: unknown; property?: unknown; delimiter?: unknown } | undefined;
  const property = format?.property;
  // Rows written as text: CSV/TSV/DSV (with a header row) or JSON, as Vega would read them.
  if (typeof values === 'string') {
    const type = format?.type ?? 'json';
    if (type === 'json') {
      try {
        values = JSON.parse(values);
      } catch {
        return undefined;
      }
    } else if (type === 'csv' || type === 'tsv' || type === 'dsv') {
      const delimiter = type === 'tsv' ? '\t' : type === 'dsv' ? String(format?.delimiter ?? ',') : ',';
      return Papa.parse<Record<string, string>>(values.trim(), { header: true, delimiter, skipEmptyLines: true }).data;
    }
  }
  if (!Array.isArray(values) && typeof property === 'string') for (const key of property.split('.')) values = (values as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(values) ? values : undefined;
}

/** Every `data` object in the spec (top level, layers, repeats, lookups), with its path and kind. */
export function findDataRefs(node: unknown, path: (string | number)[] = []): DataRef[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => findDataRefs(item, [...path, i]));
  if (typeof node !== 'object' || node === null) return [];
  const refs: DataRef[] = [];
  for (const [key, value] of Object.entries(node)) {
    // Inline rows are data, never spec: nothing inside them is a data source.
    if (key === 'values' || key === 'datasets') continue;
    if (key === 'data' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const data = value as Record<string, unknown>;
      const here = [...path, 'data'];
      if ('url' in data) refs.push({ kind: 'url', path: [...here, 'url'], url: data.url });
      else if ('values' in data) refs.push({ kind: 'values', path: [...here, 'values'], rows: inlineRows(data)?.length ?? 1 });
      else if ('sequence' in data) refs.push({ kind: 'sequence', path: [...here, 'sequence'], rows: sequenceLength(data.sequence) });
      else if ('graticule' in data || 'sphere' in data) refs.push({ kind: 'generator', path: here });
      else if ('name' in data) refs.push({ kind: 'name', path: [...here, 'name'], name: data.name });
      else refs.push({ kind: 'unknown', path: here });
    } else {
      refs.push(...findDataRefs(value, [...path, key]));
    }
  }
  return refs;
}

/** The value at a path of the spec (for messages). */
function valueAt(spec: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], spec);
}

/** Parse and check one chart spec file. `datasetNames` are the datasets that exist (tables by name, maps as "<name>.topojson" or "<name>.geojson"). */
export function loadChartSpec(text: string, file: string, id: string, datasetNames: readonly string[]): LoadChartResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec(String((error as Error).message));
    const pos = match ? positionOfOffset(text, Number(match[1])) : undefined;
    return { ok: false, problems: [{ file, ...pos, expected: 'valid JSON', found: (error as Error).message.replace(/^.*?: /, '').replace(/ in JSON at position \d+.*$/, ''), fix: 'check for a missing comma or quote, or a trailing comma' }] };
  }
  const parsed = chartSpecSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    // Rows written in the spec have no schema file to name their source: the chart's source is theirs.
    const inline = typeof json === 'object' && json !== null && ('datasets' in json || findDataRefs(json).some((ref) => ref.kind === 'values'));
    const expected = (key: string) => (inline && (key === 'usermeta' || key === 'usermeta.source') ? `${EXPECTED_BY_PATH[key]}: where the rows written in this spec come from` : EXPECTED_BY_PATH[key]);
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const input = (issue as { input?: unknown }).input;
        return {
          file,
          ...positionOfPath(text, issue.path as (string | number)[]),
          field: key || undefined,
          expected: expected(key) ?? issue.message,
          found: input === undefined ? 'nothing' : quote(JSON.stringify(input)),
        };
      }),
    };
  }
  const spec = parsed.data;
  const problems: Problem[] = [];
  const datasets: string[] = [];
  const named = typeof spec.datasets === 'object' && spec.datasets !== null ? Object.keys(spec.datasets) : [];
  for (const ref of findDataRefs(spec)) {
    const where = { file, ...positionOfPath(text, ref.path), field: ref.path.join('.') };
    if (ref.kind === 'name') {
      if (typeof ref.name !== 'string' || !named.includes(ref.name)) {
        problems.push({ ...where, expected: named.length > 0 ? `the name of one of the spec's "datasets" (${named.join(', ')})` : 'a dataset given in the spec\'s top-level "datasets"', found: typeof ref.name === 'string' ? quote(ref.name) : String(JSON.stringify(ref.name)), fix: 'add the rows under "datasets" with that name, or read a dataset in data/ with "url"' });
      }
      continue;
    }
    if (ref.kind === 'unknown') {
      problems.push({ ...where, expected: 'a data source: "url" naming a dataset in data/, inline "values", a "name" from "datasets", or a "sequence", "graticule" or "sphere" generator', found: String(JSON.stringify(valueAt(spec, ref.path))), fix: 'see https://vega.github.io/vega-lite/docs/data.html' });
      continue;
    }
    if (ref.kind !== 'url') continue;
    const url = typeof ref.url === 'string' ? ref.url : '';
    const match = DATA_URL.exec(url);
    if (!match) {
      problems.push({ ...where, expected: 'a dataset in data/, written as "data/<name>.csv"', found: typeof ref.url === 'string' ? quote(ref.url) : quote(JSON.stringify(ref.url) ?? String(ref.url)), fix: 'charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs' });
      continue;
    }
    const name = match[1]!;
    // Tables are known by name, maps by name and kind ("world.topojson"): the kinds never mix.
    const known = match[2] === 'csv' ? name : `${name}.${match[2]}`;
    if (!datasetNames.includes(known)) {
      const kindFix = match[2] === 'csv' ? `add data/${name}.csv with its schema data/${name}.schema.ts, or fix the name` : `add data/${name}.${match[2]}, or fix the name`;
      problems.push({ ...where, expected: `one of the datasets in data/ (${datasetNames.join(', ') || 'none yet'})`, found: quote(url), fix: kindFix });
      continue;
    }
    if (match[2] === 'csv' && !datasets.includes(name)) datasets.push(name);
  }
  if (problems.length > 0) return { ok: false, problems };
  const title = typeof spec.title === 'string' ? spec.title : [spec.title.text].flat().join(' ');
  return {
    ok: true,
    chart: {
      meta: { id, file, title, description: spec.description, caption: spec.usermeta.caption, source: spec.usermeta.source, datasets },
      spec,
      text,
    },
  };
}
