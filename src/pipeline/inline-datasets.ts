/**
 * Stage: the rows a chart spec carries itself (inline `values`, named
 * `datasets`) -> typed tables with a schema, or `file:line:col` problems.
 *
 * Specs from the Vega editor and Altair carry their rows (Altair puts them in
 * top-level `datasets`). Those rows get what a file in data/ gets: a schema
 * (the spec's own `format.parse` where it declares a column, otherwise
 * inferred from the cells: number, text, true/false, ISO date), the same
 * column checks (`source_url` is an http(s) address, no `__proto__` column,
 * a column holds one kind of value), the chart's `usermeta.source` as their
 * provenance, a row limit and a download of their own. A cell stays data: a
 * plain value, or a nested array or object (Vega-Lite's `flatten` and
 * `"field": "a.b"` read them; a column of them is typed "json" and shown as
 * its JSON text), never with a `__proto__` key, printed through the same
 * escaping as CSV cells. Generators (`sequence`, `graticule`,
 * `sphere`) make no rows to check: Vega computes them, and the chart's row
 * count after its transforms still limits them.
 */
import Papa from 'papaparse';
import { quote, type Problem } from '../errors/report-error.ts';
import { cellParserOf, isRejection, number, sourceUrl, type ColumnInfo } from './columns.ts';
import { positionOfPath } from '../errors/json-position.ts';
import { findDataRefs } from './load-chart-spec.ts';

type Path = (string | number)[];

/**
 * Most rows one spec may carry, over all its inline datasets: Altair's own
 * default (`max_rows`, 5,000) and the limit of rows one chart may draw. The
 * rows live in the spec's text and in every published copy of it.
 */
export const MAX_INLINE_ROWS = 5000;
const TOO_MANY_FIX = 'put the rows in data/<name>.csv with a schema data/<name>.schema.ts, and read them with "data": {"url": "data/<name>.csv"}';
// Enough to see the pattern; the rest of a broken dataset adds nothing.
const MAX_PROBLEMS = 50;

export interface InlineDataset {
  /** "values" (a layer's or the top level's inline rows) or the name under `datasets`. */
  name: string;
  /** Where the rows are written in the spec, for messages and for the download's description. */
  path: Path;
  columns: { name: string; info: ColumnInfo }[];
  rows: Record<string, unknown>[];
}

export type InlineResult = { ok: true; datasets: InlineDataset[] } | { ok: false; problems: Problem[] };

const at = (spec: unknown, path: Path) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], spec);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const NOUN: Record<string, string> = { number: 'a number', string: 'text', boolean: 'true or false', object: 'an object', array: 'an array', json: 'an array or object' };
/** The path to a `__proto__` key at any depth of a nested cell, if there is one. */
function protoKeyIn(value: unknown, path: Path = []): Path | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__') return [...path, key];
    const found = protoKeyIn(inner, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}
// ISO 8601 dates and date-times, as Vega reads them the same in every engine (utc-time.ts writes the zone-less ones as UTC).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DATE_PARSE = /^(date|utc)(:|$)/;
const checkNumber = cellParserOf(number())!;
const checkUrl = cellParserOf(sourceUrl())!;

/** What the rows of one inline source are, before any check: an array, rows parsed from CSV/JSON text, or a problem. */
function rowsOf(data: Record<string, unknown>, valuesPath: Path): { rows: unknown[]; path: Path; textRows?: boolean } | { problem: Omit<Problem, 'file'> } {
  const format = (data.format ?? {}) as { type?: unknown; property?: unknown; delimiter?: unknown };
  let values = data.values;
  let path = valuesPath;
  const type = format.type ?? 'json';
  if (type === 'topojson' || (!Array.isArray(values) && typeof values === 'object' && values !== null && typeof (values as { type?: unknown }).type === 'string' && format.property === undefined)) {
    return { problem: { field: valuesPath.join('.'), expected: 'rows of a table written in the spec', found: 'a map (GeoJSON or TopoJSON)', fix: 'put the map in data/<name>.geojson or data/<name>.topojson and read it with "data": {"url": ...}' } };
  }
  if (typeof values === 'string') {
    if (type === 'csv' || type === 'tsv' || type === 'dsv') {
      // The header row names the columns, as in Vega; cells stay text, as Vega reads them without a parse.
      const delimiter = type === 'tsv' ? '\t' : type === 'dsv' ? String(format.delimiter ?? ',') : ',';
      const parsed = Papa.parse<Record<string, string>>(values.trim(), { header: true, delimiter, skipEmptyLines: true });
      const error = parsed.errors[0];
      if (error) return { problem: { field: valuesPath.join('.'), expected: `rows written as ${String(type).toUpperCase()} text`, found: `${error.message} in row ${(error.row ?? 0) + 1}`, fix: 'check the quotes and the number of cells per line, or put the rows in data/<name>.csv' } };
      if (parsed.meta.fields?.includes('__proto__')) return { problem: { field: valuesPath.join('.'), expected: 'a column name other than "__proto__"', found: 'a reserved name in the header row', fix: 'rename the column' } };
      return { rows: parsed.data, path, textRows: true };
    }
    if (type !== 'json') return { problem: { field: valuesPath.join('.'), expected: 'rows written as JSON, CSV, TSV or DSV text ("format": {"type": ...})', found: quote(String(type)), fix: 'write the rows as a JSON array, or put them in data/<name>.csv' } };
    try {
      values = JSON.parse(values);
    } catch (error) {
      return { problem: { field: valuesPath.join('.'), expected: 'rows written as JSON text', found: quote((error as Error).message), fix: 'write the rows as a JSON array instead of a string' } };
    }
    // Rows parsed from text have no place of their own in the spec: messages point at the string.
    return Array.isArray(values) ? { rows: values, path, textRows: true } : { problem: { field: valuesPath.join('.'), expected: 'a JSON array of rows', found: kindOf(values), fix: 'write the rows as an array' } };
  }
  if (!Array.isArray(values) && typeof format.property === 'string') {
    for (const key of format.property.split('.')) {
      values = (values as Record<string, unknown> | undefined)?.[key];
      path = [...path, key];
    }
  }
  if (!Array.isArray(values)) return { problem: { field: path.join('.'), expected: 'an array of rows (objects of plain values)', found: values === undefined ? 'nothing' : NOUN[kindOf(values)] ?? kindOf(values), fix: '"values": [{"a": 1, "b": "x"}, ...], or "format": {"property": ...} naming the array inside the object' } };
  return { rows: values, path };
}

/** Check one inline table and give its schema: declared by `format.parse`, else inferred from the cells. */
function checkTable(name: string, rows: unknown[], path: Path, parse: Record<string, unknown>, textRows: boolean, where: (path: Path) => Omit<Problem, 'expected'>, problems: Problem[]): InlineDataset {
  const cellPath = (i: number, key?: string): Path => (textRows ? path : key === undefined ? [...path, i] : [...path, i, key]);
  const row = (i: number) => (textRows ? ` (row ${i + 1})` : '');
  const objects: Record<string, unknown>[] = [];
  const kinds = new Map<string, { kind: string; row: number }>();
  const missing = new Set<string>();
  rows.forEach((raw, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    // Vega-Lite reads a plain value as a row { data: value }.
    const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { data: raw };
    objects.push(object);
    for (const [key, value] of Object.entries(object)) {
      const here = { ...where(cellPath(i, key)), field: textRows ? `${path.join('.')}${row(i)}.${key}` : cellPath(i, key).join('.') };
      if (key === '__proto__') {
        // A row object with this key would change its prototype instead of holding a value.
        problems.push({ ...here, expected: 'a column name other than "__proto__"', found: 'a reserved name', fix: 'rename the column' });
        continue;
      }
      let kind = kindOf(value);
      if (kind === 'object' || kind === 'array') {
        const proto = protoKeyIn(value);
        if (proto) {
          const inner = [...cellPath(i, key), ...proto];
          problems.push({ ...where(inner), field: textRows ? `${here.field}.${proto.join('.')}` : inner.join('.'), expected: 'a key other than "__proto__" in a nested value', found: 'a reserved name', fix: 'rename the key' });
          continue;
        }
        kind = 'json';
      }
      if (value === null || value === '') {
        missing.add(key);
        continue;
      }
      // Before any declared parse: the "Show data" table links these cells, so each must be an http(s) address.
      if (key === 'source_url') {
        const checked = checkUrl(String(value));
        if (isRejection(checked)) problems.push({ ...here, expected: checked.expected, found: quote(String(value)), fix: checked.fix });
      }
      const declared = parse[key];
      if (declared === 'number' && typeof value !== 'number') {
        const checked = checkNumber(String(value));
        if (isRejection(checked)) problems.push({ ...here, expected: `${checked.expected} ("format": {"parse": {"${key}": "number"}})`, found: quote(String(value)), fix: checked.fix });
        continue;
      }
      if (typeof declared === 'string' && DATE_PARSE.test(declared)) continue; // Vega's date parse reads it (or gives null, as for a CSV)
      const first = kinds.get(key);
      if (!first) kinds.set(key, { kind, row: i });
      else if (first.kind !== kind && declared === undefined) {
        problems.push({ ...here, expected: `${NOUN[first.kind]}, like the column's value in row ${first.row + 1}`, found: typeof value === 'string' ? quote(value) : typeof value === 'object' && value !== null ? quote(JSON.stringify(value)) : String(value), fix: `write every value of "${key}" as ${NOUN[first.kind]} (null where it is missing), or declare the column's type with "format": {"parse": {"${key}": ...}}` });
      }
    }
  });
  const names = [...new Set(objects.flatMap((o) => Object.keys(o)))].filter((k) => k !== '__proto__');
  const columns = names.map((key) => {
    const declared = parse[key];
    const kind = kinds.get(key)?.kind;
    const dates = kind === 'string' && objects.every((o) => o[key] == null || o[key] === '' || ISO_DATE.test(String(o[key])));
    const type = key === 'source_url' ? 'url' : declared === 'number' ? 'number' : typeof declared === 'string' && DATE_PARSE.test(declared) ? 'date' : declared === 'boolean' ? 'boolean' : kind === 'number' ? 'number' : kind === 'boolean' ? 'boolean' : kind === 'json' ? 'json' : dates ? 'date' : 'text';
    return { name: key, info: { type, optional: missing.has(key) || objects.some((o) => !(key in o)) } };
  });
  return { name, path, columns, rows: objects };
}

/** Every table written in the spec, checked and typed; problems at the row and cell in the spec's text. */
export function inlineDatasets(spec: Record<string, unknown>, file: string, text: string): InlineResult {
  const problems: Problem[] = [];
  const where = (path: Path) => ({ file, ...positionOfPath(text, path), field: path.join('.') });
  const found: { name: string; rows: unknown[]; path: Path; parse: Record<string, unknown>; textRows: boolean }[] = [];
  const add = (name: string, data: Record<string, unknown>, valuesPath: Path) => {
    const rows = rowsOf(data, valuesPath);
    if ('problem' in rows) return void problems.push({ ...where(valuesPath), ...rows.problem });
    const parse = (data.format as { parse?: unknown } | undefined)?.parse;
    found.push({ name, ...rows, parse: typeof parse === 'object' && parse !== null ? (parse as Record<string, unknown>) : {}, textRows: rows.textRows ?? false });
  };
  for (const ref of findDataRefs(spec)) {
    if (ref.kind === 'values') add('values', at(spec, ref.path.slice(0, -1)) as Record<string, unknown>, ref.path);
  }
  // Named datasets (Altair's way): every one is checked, whether or not a view reads it.
  const named = spec.datasets;
  if (named !== undefined) {
    if (typeof named !== 'object' || named === null || Array.isArray(named)) problems.push({ ...where(['datasets']), expected: 'an object of named datasets ({"name": [rows]})', found: NOUN[kindOf(named)] ?? kindOf(named) });
    else for (const name of Object.keys(named)) add(name, { values: (named as Record<string, unknown>)[name] }, ['datasets', name]);
  }
  // The limit first: a spec of a million rows is refused without reading them.
  const total = found.reduce((sum, d) => sum + d.rows.length, 0);
  if (total > MAX_INLINE_ROWS) {
    const largest = found.reduce((a, b) => (b.rows.length > a.rows.length ? b : a));
    problems.push({ ...where(largest.path), expected: `at most ${MAX_INLINE_ROWS.toLocaleString('en-US')} rows written in one spec`, found: `${total.toLocaleString('en-US')} rows${found.length > 1 ? ` in ${found.length} inline datasets` : ''}`, fix: TOO_MANY_FIX });
    return { ok: false, problems };
  }
  const datasets = found.map((d) => checkTable(d.name, d.rows, d.path, d.parse, d.textRows, where, problems));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, datasets };
}
