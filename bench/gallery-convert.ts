/**
 * Turn one spec of Vega-Lite's example gallery into this generator's format
 * with the least change: each file it reads goes into `data/` (CSV with an
 * inferred schema and a `source_url` column; TopoJSON/GeoJSON as they are),
 * `data.url` is rewritten to that file, and title, description and usermeta
 * are added when missing. Everything else in the spec is left as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

export const DATASETS_SOURCE = 'https://github.com/vega/vega-datasets';

export interface ConvertedDataset {
  /** File name inside data/, e.g. "cars.csv". */
  file: string;
  text: string;
  /** The schema module, for tabular files. */
  schema?: { file: string; text: string };
}

export type Converted =
  | { ok: true; id: string; spec: Record<string, unknown>; datasets: ConvertedDataset[] }
  | { ok: false; id: string; reason: string };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The chart id for a gallery spec file name ("bar_grouped" -> "bar-grouped"). */
export function chartIdOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function datasetNameOf(file: string): string {
  return file.replace(/\.[a-z]+$/i, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
}

/** Rows of a vega-datasets file, or why it cannot be a table. */
function readTable(path: string, format: Record<string, unknown> | undefined): { rows: Record<string, unknown>[]; fromText: boolean } | string {
  const text = readFileSync(path, 'utf8');
  const type = String(format?.type ?? (path.endsWith('.tsv') ? 'tsv' : path.endsWith('.csv') ? 'csv' : 'json'));
  if (type === 'csv' || type === 'tsv' || type === 'dsv') {
    const delimiter = type === 'tsv' ? '\t' : type === 'dsv' ? String(format?.delimiter ?? ',') : ',';
    const parsed = Papa.parse<Record<string, string>>(text.replace(/\r?\n$/, ''), { header: true, delimiter, skipEmptyLines: true });
    return { rows: parsed.data, fromText: true };
  }
  if (type !== 'json') return `data format "${type}"`;
  let json: unknown = JSON.parse(text);
  if (typeof format?.property === 'string') for (const key of format.property.split('.')) json = (json as Record<string, unknown>)?.[key];
  if (!Array.isArray(json)) return 'JSON that is not an array of rows';
  if (json.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) return 'JSON rows that are not objects';
  if (json.some((row) => Object.values(row as object).some((v) => typeof v === 'object' && v !== null))) return 'nested JSON rows';
  return { rows: json as Record<string, unknown>[], fromText: false };
}

/** A CSV of the rows plus a `source_url` column, and a schema inferred from the values. */
function tableDataset(name: string, rows: Record<string, unknown>[], fromText: boolean): ConvertedDataset | string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.includes('source_url')) return 'a column named source_url';
  if (columns.some((c) => c === '' || c === '__proto__')) return 'an empty or reserved column name';
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  const types = columns.map((column) => {
    const values = rows.map((row) => row[column]);
    const present = values.filter((v) => cell(v) !== '');
    const numeric = present.length > 0 && present.every((v) => (fromText ? typeof v === 'string' && DECIMAL.test(v) && !/^[+-]?0\d/.test(v) : typeof v === 'number' && Number.isFinite(v)));
    const base = numeric ? 'number()' : 'text()';
    const blank = values.some((v) => cell(v) === '' || (!numeric && cell(v).trim() === ''));
    return { column, type: blank ? `optional(${base})` : base, unique: !blank && new Set(values.map(cell)).size === values.length };
  });
  // A key is required and must be unique: the first unique column, or a row number added for it.
  let key = types.find((t) => t.unique)?.column;
  const out = rows.map((row) => ({ ...row }));
  if (!key) {
    key = 'row_id';
    out.forEach((row, i) => (row.row_id = String(i + 1)));
    types.unshift({ column: 'row_id', type: 'text()', unique: true });
  }
  const header = [...types.map((t) => t.column), 'source_url'];
  const csv = Papa.unparse({ fields: header, data: out.map((row) => header.map((c) => (c === 'source_url' ? DATASETS_SOURCE : cell(row[c])))) }, { newline: '\n' });
  const schema = [
    "import { defineDataset, number, optional, sourceUrl, text } from '#schema';",
    '',
    'export default defineDataset({',
    `  key: ${JSON.stringify(key)},`,
    `  description: ${JSON.stringify(`The ${name} dataset of vega-datasets.`)},`,
    '  columns: {',
    ...types.map((t) => `    ${JSON.stringify(t.column)}: ${t.type},`),
    '    source_url: sourceUrl(),',
    '  },',
    '});',
    '',
  ].join('\n');
  return { file: `${name}.csv`, text: `${csv}\n`, schema: { file: `${name}.schema.ts`, text: schema } };
}

/** Convert one gallery spec; `datasetsDir` is vega-datasets' `data/` folder. */
export function convertSpec(name: string, spec: Record<string, unknown>, datasetsDir: string): Converted {
  const id = chartIdOf(name);
  const datasets = new Map<string, ConvertedDataset>();
  let refusal: string | undefined;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string') {
        const data = value as { url: string; format?: Record<string, unknown> };
        const match = /(?:^|\/)data\/([^/]+)$/.exec(data.url);
        if (!match) { refusal ??= `data from ${data.url}`; out[key] = value; continue; }
        const file = match[1]!;
        const path = join(datasetsDir, file);
        let text: string;
        try { text = readFileSync(path, 'utf8'); } catch { refusal ??= `no file ${file} in vega-datasets`; out[key] = value; continue; }
        const formatType = data.format?.type;
        const name = datasetNameOf(file);
        if (formatType === 'topojson' || (/\.json$/.test(file) && /^\s*\{\s*"type"\s*:\s*"(Topology|FeatureCollection)"/.test(text))) {
          // Maps stay as they are: a non-tabular file of its own kind.
          const kind = formatType === 'topojson' || text.includes('"Topology"') ? 'topojson' : 'geojson';
          datasets.set(file, { file: `${name}.${kind}`, text });
          out[key] = { ...data, url: `data/${name}.${kind}` };
          continue;
        }
        const table = readTable(path, data.format);
        if (typeof table === 'string') { refusal ??= `${file}: ${table}`; out[key] = value; continue; }
        if (!datasets.has(file)) {
          const converted = tableDataset(name, table.rows, table.fromText);
          if (typeof converted === 'string') { refusal ??= `${file}: ${converted}`; out[key] = value; continue; }
          datasets.set(file, converted);
        }
        // The file is a CSV now: its own type and property no longer apply; parse still does.
        const { type: _type, property: _property, delimiter: _delimiter, ...format } = data.format ?? {};
        const { format: _format, ...rest } = data;
        out[key] = { ...rest, url: `data/${name}.csv`, ...(Object.keys(format).length > 0 ? { format } : {}) };
        continue;
      }
      out[key] = rewrite(value);
    }
    return out;
  };
  const rewritten = rewrite(spec) as Record<string, unknown>;
  if (refusal) return { ok: false, id, reason: refusal };
  const described = typeof spec.description === 'string' && spec.description.trim() !== '' ? spec.description : `The gallery example ${name}.`;
  const titled = spec.title ?? name;
  const usermeta = { ...(spec.usermeta as object | undefined), caption: `Vega-Lite example ${name}.`, source: { label: 'Vega-Lite examples', url: 'https://vega.github.io/vega-lite/examples/' } };
  return { ok: true, id, spec: { ...rewritten, title: titled, description: described, usermeta }, datasets: [...datasets.values()] };
}
