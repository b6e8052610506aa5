/**
 * Numbers that follow the data: evaluate a value reference (one cell, or a
 * statistic over rows) against a dataset, and fill `{{ … }}` placeholders in
 * captions, chart descriptions and finding claims. The same code runs in
 * `npm run validate` (on the checked datasets) and in the pages (on the
 * collections), so what the check accepts is what the page prints.
 */
import { quote } from '../errors/report-error.ts';
import { formatValue } from '../output/format-value.ts';
import { suggestName } from '../pipeline/validate-rows.ts';
import { valueRefSchema, type ValueRef } from '../schemas/value.ts';
import type { Dataset } from './datasets.ts';

/** The part of a dataset a value needs. */
export interface ValueTable {
  name: string;
  file: string;
  key: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** A dataset-level source (its schema's `source.url`), used when rows have no `source_url`. */
  sourceUrl?: string;
  /** Its rows stay in DuckDB: `rows` holds only the ones the report prints, so no statistic over them. */
  large?: { rowCount: number };
}

/** The checked datasets as value tables. */
export function valueTablesOf(datasets: ReadonlyMap<string, Dataset>): Map<string, ValueTable> {
  return new Map([...datasets].map(([name, d]) => [name, { name, file: d.file, key: d.key, columns: d.table.columns, rows: d.table.rows, sourceUrl: d.source?.url, ...(d.large ? { large: { rowCount: d.rowCount } } : {}) }]));
}

export interface ValueFound {
  ok: true;
  value: unknown;
  text: string;
  /** Where the number was published: the row's source_url, or the dataset's source. */
  source?: string;
}

export interface ValueMissing {
  ok: false;
  /** Which attribute is wrong, for the error's field name. */
  part: 'dataset' | 'row' | 'field' | 'where' | 'stat';
  expected: string;
  found: string;
  fix?: string;
}

type Condition = { column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string };

const CONDITION = /^\s*([A-Za-z_][\w.-]*)\s*(!=|<=|>=|=|<|>)\s*(?:"([^"]*)"|'([^']*)'|(.*?))\s*$/;

/** `weather = sun and precipitation > 0` -> conditions; undefined when it does not parse. */
export function parseWhere(where: string): Condition[] | undefined {
  const conditions: Condition[] = [];
  for (const part of where.split(/\s+and\s+/i)) {
    const match = CONDITION.exec(part);
    if (!match) return undefined;
    conditions.push({ column: match[1]!, op: match[2] as Condition['op'], value: match[3] ?? match[4] ?? match[5] ?? '' });
  }
  return conditions;
}

function matches(row: Record<string, unknown>, c: Condition): boolean {
  const cell = row[c.column];
  if (typeof cell === 'number' && c.value.trim() !== '' && Number.isFinite(Number(c.value))) {
    const v = Number(c.value);
    return { '=': cell === v, '!=': cell !== v, '<': cell < v, '<=': cell <= v, '>': cell > v, '>=': cell >= v }[c.op];
  }
  const text = cell === null || cell === undefined ? '' : String(cell);
  if (c.op === '=') return text === c.value;
  if (c.op === '!=') return text !== c.value;
  const cmp = text.localeCompare(c.value);
  return { '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[c.op];
}

function statistic(stat: ValueRef['stat'] & string, numbers: number[], matched: number, total: number): number | null {
  if (stat === 'count') return matched;
  if (stat === 'share') return total === 0 ? null : (100 * matched) / total;
  if (numbers.length === 0) return null;
  if (stat === 'sum') return numbers.reduce((a, b) => a + b, 0);
  if (stat === 'mean') return numbers.reduce((a, b) => a + b, 0) / numbers.length;
  if (stat === 'min') return Math.min(...numbers);
  if (stat === 'max') return Math.max(...numbers);
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function missingColumn(table: ValueTable, column: string, part: ValueMissing['part']): ValueMissing {
  const guess = suggestName(column, table.columns);
  return { ok: false, part, expected: `a column of ${table.file} (${table.columns.join(', ')})`, found: quote(column), fix: guess ? `did you mean "${guess}"?` : undefined };
}

/** The value a reference names, formatted as the page prints it; or what is wrong with the reference. */
export function evaluateValue(tables: ReadonlyMap<string, ValueTable>, ref: ValueRef): ValueFound | ValueMissing {
  const table = tables.get(ref.dataset);
  if (!table) {
    const guess = suggestName(ref.dataset, [...tables.keys()]);
    return { ok: false, part: 'dataset', expected: `a dataset in data/ (${[...tables.keys()].join(', ')})`, found: quote(ref.dataset), fix: guess ? `did you mean "${guess}"?` : undefined };
  }
  if (ref.row !== undefined) {
    const row = table.rows.find((r) => String(r[table.key]) === ref.row);
    if (!row) {
      const guess = suggestName(ref.row, table.rows.map((r) => String(r[table.key])));
      return { ok: false, part: 'row', expected: `a row of ${table.file} whose ${table.key} is ${quote(ref.row)}`, found: 'no such row', fix: guess ? `did you mean "${guess}"?` : `rows are named by the ${table.key} column` };
    }
    if (!table.columns.includes(ref.field!)) return missingColumn(table, ref.field!, 'field');
    const value = row[ref.field!];
    const source = typeof row.source_url === 'string' ? row.source_url : table.sourceUrl;
    return { ok: true, value, text: formatValue(value, ref.format), source };
  }
  const stat = ref.stat!;
  if (table.large) {
    return { ok: false, part: 'stat', expected: `a statistic over a dataset held in memory (${table.file} has ${table.large.rowCount.toLocaleString('en-US')} rows, kept in DuckDB)`, found: `stat="${stat}"`, fix: 'compute it in a .sql dataset over this one and print its cell (README: Queries)' };
  }
  let conditions: Condition[] = [];
  if (ref.where !== undefined) {
    const parsed = parseWhere(ref.where);
    if (!parsed) return { ok: false, part: 'where', expected: 'conditions like `weather = sun` or `precipitation > 0`, joined with " and "', found: quote(ref.where) };
    const unknown = parsed.find((c) => !table.columns.includes(c.column));
    if (unknown) return missingColumn(table, unknown.column, 'where');
    conditions = parsed;
  }
  if (ref.field !== undefined && !table.columns.includes(ref.field)) return missingColumn(table, ref.field, 'field');
  const rows = table.rows.filter((row) => conditions.every((c) => matches(row, c)));
  const numbers: number[] = [];
  if (ref.field !== undefined && stat !== 'count' && stat !== 'share') {
    for (const row of rows) {
      const cell = row[ref.field];
      if (typeof cell === 'number') numbers.push(cell);
      else if (cell !== null && cell !== undefined) return { ok: false, part: 'field', expected: `a number column for stat="${stat}"`, found: `${quote(String(cell))} in ${ref.field}`, fix: 'use a column whose schema is number(), percent() or count()' };
    }
  }
  const value = statistic(stat, numbers, rows.length, table.rows.length);
  return { ok: true, value, text: formatValue(value, ref.format), source: table.sourceUrl };
}

/** One piece of a filled-in text: plain text, or a value with the reference it came from. */
export type TemplatePart = string | { ref: ValueRef; found: ValueFound };

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const ATTRIBUTE = /([a-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** `{{ dataset="d" row="r" field="f" format="percent" }}` -> the attributes, or what is wrong. */
export function parsePlaceholder(inner: string): { ok: true; ref: ValueRef } | { ok: false; expected: string; found: string } {
  const attributes: Record<string, string> = {};
  const rest = inner.replace(ATTRIBUTE, (_, name: string, double?: string, single?: string) => {
    attributes[name] = double ?? single ?? '';
    return '';
  });
  if (rest.trim() !== '') return { ok: false, expected: 'attributes written name="value", as on <Value>', found: quote(rest.trim()) };
  const parsed = valueRefSchema.safeParse(attributes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    return { ok: false, expected: `${name ? `${name}: ` : ''}${issue.message.replace(/^Invalid input: expected /, '')}`, found: quote(inner.trim()) };
  }
  return { ok: true, ref: parsed.data };
}

export type TemplateProblem = { expected: string; found: string; fix?: string; field?: string };

/** Split a text at its `{{ … }}` placeholders and evaluate each; problems say which placeholder is wrong. */
/**
 * Fill `{{ … }}` placeholders. A placeholder naming a dataset in `broken` (one with problems of its
 * own, which say what to fix) is left as written and not reported again.
 */
export function fillTemplate(text: string, tables: ReadonlyMap<string, ValueTable>, broken: ReadonlySet<string> = new Set()): { parts: TemplatePart[]; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const parsed = parsePlaceholder(match[1]!);
    if (!parsed.ok) {
      problems.push({ expected: `a placeholder {{ dataset="…" row="…" field="…" }}: ${parsed.expected}`, found: parsed.found });
      continue;
    }
    if (broken.has(parsed.ref.dataset)) {
      parts.push(match[0]);
      continue;
    }
    const found = evaluateValue(tables, parsed.ref);
    if (!found.ok) {
      problems.push({ field: `{{ ${found.part} }}`, expected: found.expected, found: found.found, fix: found.fix });
      continue;
    }
    parts.push({ ref: parsed.ref, found });
  }
  if (last < text.length) parts.push(text.slice(last));
  return { parts, problems };
}

/** The filled-in text as plain text (alt text, SVG descriptions, meta tags). */
export function templateText(parts: TemplatePart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.found.text)).join('');
}

export function hasPlaceholders(text: string): boolean {
  return /\{\{.*?\}\}/.test(text);
}
