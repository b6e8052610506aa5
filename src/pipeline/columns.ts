/**
 * The vocabulary for declaring a dataset's row schema (`data/<name>.schema.ts`).
 *
 * CSV cells are always strings; each column type is a zod schema from the raw
 * cell to a typed value, so values are typed by the schema and never guessed
 * (`007` stays a string where the column says text). A rejected cell carries
 * `expected` and `fix` so the error can say what to write instead.
 */
import { z } from 'zod';

/** What a column rejects a cell with: the expected shape and, when we can tell, the fix. */
export interface CellRejection {
  expected: string;
  fix?: string;
}

export type Column<T> = z.ZodType<T, string> & { readonly columnInfo: ColumnInfo };

export interface ColumnInfo {
  /** "number", "text", "url" ... used in docs and the data table. */
  type: string;
  /** A unit shown next to values, e.g. "%" or "tokens". */
  unit?: string;
  description?: string;
  optional: boolean;
  /** For a `bound()` column: the value column whose cells it marks as lower or upper bounds. */
  boundOf?: string;
}

/** Reads one raw cell: the value, or what the cell is rejected with. */
export type CellParser<T> = (raw: string) => T | CellRejection;

// The plain function behind each built-in column. Validating a large file calls it
// directly: the same rules as the zod schema, without zod's cost per cell.
const CELL_PARSER = Symbol('cellParser');

/**
 * An SQL test that is true only for cells the parser surely accepts, over `x`,
 * the cell as VARCHAR ('' when empty). DuckDB runs it over every row of a large
 * dataset; the few rows it does not vouch for are read with the parser itself,
 * which gives the message. So it may doubt a good cell, never pass a bad one.
 * `native`, when given, is the cell as a DOUBLE (a numeric Parquet or JSON
 * column): number columns test it directly, without reading its text.
 */
export type SqlCheck = (x: string, native?: string) => string;
const SQL_CHECK = Symbol('sqlCheck');
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function column<T>(info: Omit<ColumnInfo, 'optional'>, parse: CellParser<T>, sql?: SqlCheck): Column<T> {
  const schema = z.string().transform((raw, ctx) => {
    const result = parse(raw);
    if (isRejection(result)) {
      ctx.addIssue({ code: 'custom', message: result.expected, params: result, input: raw });
      return z.NEVER;
    }
    return result;
  });
  return Object.assign(schema, { columnInfo: { ...info, optional: false }, [CELL_PARSER]: parse, ...(sql ? { [SQL_CHECK]: sql } : {}) }) as unknown as Column<T>;
}

/** The column's SQL check, if it has one; without one every cell is read with the parser. */
export function sqlCheckOf(schema: unknown): SqlCheck | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as { [SQL_CHECK]?: SqlCheck })[SQL_CHECK] : undefined;
}

/** The column's plain cell parser, if it is one of ours; other zod schemas are validated with zod. */
export function cellParserOf(schema: unknown): CellParser<unknown> | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as { [CELL_PARSER]?: CellParser<unknown> })[CELL_PARSER] : undefined;
}

/** True when a cell parser rejected the cell. */
export function isRejection(value: unknown): value is CellRejection {
  return typeof value === 'object' && value !== null && 'expected' in value && REJECTED in value;
}
const REJECTED = Symbol('rejected');
function reject(expected: string, fix?: string): CellRejection {
  return { expected, ...(fix ? { fix } : {}), [REJECTED]: true } as CellRejection;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberFix(raw: string, unit?: string): string | undefined {
  const t = raw.trim();
  if (t === '') return 'fill in the value, or declare the column optional() if it can be unknown';
  if (/^[+-]?[\d.,]+\s*%$/.test(t)) return 'write the number without the % sign';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return 'write the number without thousands separators';
  if (/^[+-]?\d+,\d+$/.test(t)) return 'use a dot as the decimal separator';
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return 'write a finite number, or leave the cell empty if the column is optional()';
  if (t !== raw) return 'remove the spaces around the number';
  if (unit && t.toLowerCase().endsWith(unit.toLowerCase())) return `write the number without the unit "${unit}"`;
  return undefined;
}

export interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: string;
  description?: string;
}

function describeNumber({ min, max, integer }: NumberOptions): string {
  const noun = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  if (min !== undefined) return `${noun} of at least ${min}`;
  if (max !== undefined) return `${noun} of at most ${max}`;
  return noun;
}

/** A finite number written plainly (`12`, `0.5`, `-3e2`), optionally bounded. */
export function number(options: NumberOptions = {}): Column<number> {
  const expected = describeNumber(options);
  return column({ type: 'number', unit: options.unit, description: options.description }, (raw) => {
    if (!DECIMAL.test(raw)) return reject(expected, numberFix(raw, options.unit));
    // "007" is a code, not the number 7: reading it as 7 would silently drop what the zeros meant.
    if (/^[+-]?0\d/.test(raw)) return reject(expected, 'write the number without leading zeros, or declare the column text() if it is a code like "007"');
    const value = Number(raw);
    if (!Number.isFinite(value)) return reject(expected, 'write a finite number');
    if (options.integer && !Number.isInteger(value)) return reject(expected, 'write a whole number');
    if (options.min !== undefined && value < options.min) return reject(expected);
    if (options.max !== undefined && value > options.max) return reject(expected);
    return value;
  }, (x, native) => {
    const n = native ?? `TRY_CAST(${x} AS DOUBLE)`;
    // A DOUBLE's text is always a plainly written number: only its value needs checking.
    if (native) {
      return [`isfinite(${n})`, ...(options.integer ? [`${n} = floor(${n})`] : []), ...(options.min !== undefined ? [`${n} >= ${options.min}`] : []), ...(options.max !== undefined ? [`${n} <= ${options.max}`] : [])].join(' AND ');
    }
    return [
      `regexp_full_match(${x}, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')`,
      `NOT regexp_matches(${x}, '^[+-]?0[0-9]')`,
      `isfinite(${n})`,
      ...(options.integer ? [`${n} = floor(${n})`] : []),
      ...(options.min !== undefined ? [`${n} >= ${options.min}`] : []),
      ...(options.max !== undefined ? [`${n} <= ${options.max}`] : []),
    ].join(' AND ');
  });
}

/** A percentage written as a number from 0 to 100 (no % sign). */
export function percent(description?: string): Column<number> {
  return number({ min: 0, max: 100, unit: '%', description });
}

/** A non-negative whole count (samples, tokens, items). */
export function count(unit?: string, description?: string): Column<number> {
  return number({ min: 0, integer: true, unit, description });
}

/** Any non-empty text, kept exactly as written (so `007` stays `007`). */
export function text(description?: string): Column<string> {
  return column({ type: 'text', description }, (raw) =>
    raw.trim() === '' ? reject('some text', 'fill in the cell, or declare the column optional()') : raw,
    // A letter or digit: not blank by any definition of white space.
    (x) => `regexp_matches(${x}, '[0-9A-Za-z]')`,
  );
}

/** One of a fixed set of values. */
export function oneOf<const T extends string>(values: readonly T[], description?: string): Column<T> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return column({ type: 'category', description }, (raw) => {
    // The declared string, not the cell's copy: one string per category however many rows use it.
    const index = (values as readonly string[]).indexOf(raw);
    if (index !== -1) return values[index]!;
    const loose = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
    return reject(expected, loose ? `write it exactly as ${JSON.stringify(loose)}` : undefined);
  }, (x) => `${x} IN (${values.map(sqlString).join(', ')})`);
}

/** An http(s) address: where the number on this row was read. */
export function sourceUrl(description = 'Where the value on this row was published'): Column<string> {
  const expected = 'an http(s) URL';
  return column({ type: 'url', description }, (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return reject(expected, raw.trim() === '' ? 'every row needs the address of its source' : 'write the full address, starting with https://');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return reject(expected, 'only http and https sources can be linked');
    if (raw !== raw.trim()) return reject(expected, 'remove the spaces around the address');
    return raw;
  }, (x) => `regexp_full_match(${x}, 'https?://[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*(:[0-9]+)?([/?#][A-Za-z0-9._~:/?#@!$&()*+,;=%-]*)?')`);
}

/** The same column, but an empty cell is allowed and becomes `null`. */
export function optional<T>(inner: Column<T>): Column<T | null> {
  const schema = z.string().transform((raw, ctx) => {
    if (raw === '') return null;
    if (raw.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'an empty cell or a value', params: { expected: 'an empty cell or a value', fix: 'the cell holds only spaces: leave it empty' }, input: raw });
      return z.NEVER;
    }
    const result = inner.safeParse(raw);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', input: raw } as never);
    return z.NEVER;
  });
  const innerParse = cellParserOf(inner);
  // Same rules as the schema above; only when the inner column has a plain parser too.
  const parse: CellParser<T | null> | undefined = innerParse
    ? (raw) => (raw === '' ? null : raw.trim() === '' ? reject('an empty cell or a value', 'the cell holds only spaces: leave it empty') : (innerParse(raw) as T | CellRejection))
    : undefined;
  const innerSql = sqlCheckOf(inner);
  const sql: SqlCheck | undefined = innerSql && parse ? (x, native) => `(${native ? `${native} IS NULL` : `${x} = ''`} OR (${innerSql(x, native)}))` : undefined;
  return Object.assign(schema, { columnInfo: { ...inner.columnInfo, optional: true }, ...(parse ? { [CELL_PARSER]: parse } : {}), ...(sql ? { [SQL_CHECK]: sql } : {}) }) as unknown as Column<T | null>;
}

/**
 * Marks the cells of another column as bounds: `lower` ("over 60%"), `upper`
 * ("under 1%") or empty (an exact value). The chart lint then refuses a chart
 * that draws such a cell as if it were exact. Declared as
 * `baseline_bound: bound('baseline_pct')`.
 */
export const BOUND_KINDS = ['lower', 'upper'] as const;
export function bound(of: string, description = `Whether ${of} is a lower bound ("over"), an upper bound ("under"), or exact (empty)`): Column<(typeof BOUND_KINDS)[number] | null> {
  const inner = optional(oneOf(BOUND_KINDS, description));
  return Object.assign(inner, { columnInfo: { ...inner.columnInfo, type: 'bound', boundOf: of } });
}

export type Columns = Record<string, Column<unknown>>;

/**
 * What the site publishes of a dataset: every row (`/data/<name>.csv`), only
 * the rows each chart draws (`/charts/<id>.csv`), or nothing beyond the charts.
 */
export type DownloadPolicy = 'full' | 'chart-rows' | 'none';
export const DOWNLOAD_POLICIES: readonly DownloadPolicy[] = ['full', 'chart-rows', 'none'];

/** Where a dataset's numbers come from, when the whole table has one source. */
export interface DatasetSource {
  label: string;
  url: string;
}

export interface DatasetSchema<C extends Columns = Columns> {
  /** The column whose value names a row, for `<Value row="...">`. */
  key: keyof C & string;
  /** Default: 'full' for a dataset held in memory, 'chart-rows' for a large one (README: 'Publishing large data'). */
  download?: DownloadPolicy;
  /** What the table holds, with its units. */
  description: string;
  /** The table's source (your own experiment, a paper, a repository); rows may also name theirs in a `source_url` column. */
  source?: DatasetSource;
  columns: C;
  rowSchema: z.ZodObject<C>;
}

/**
 * Declare a dataset's rows. Provenance is required, and checked by `npm run
 * validate`: a dataset-level `source`, a `source_url` column naming each row's
 * source, or both.
 */
export function defineDataset<C extends Columns>(definition: {
  key: keyof C & string;
  description: string;
  source?: DatasetSource;
  columns: C;
  download?: DownloadPolicy;
}): DatasetSchema<C> {
  // A bound() column that names no column would silently mark nothing: fail when the schema loads.
  for (const [name, column] of Object.entries(definition.columns)) {
    const of = column.columnInfo?.boundOf;
    if (of !== undefined && (!(of in definition.columns) || of === name)) {
      throw new Error(`column ${name}: bound(${JSON.stringify(of)}) must name another column of this dataset (${Object.keys(definition.columns).join(', ')})`);
    }
  }
  return { ...definition, rowSchema: z.object(definition.columns) };
}

export type RowOf<D extends DatasetSchema> = z.output<D['rowSchema']>;

/** How directly a value was read from its source; shown next to every number. */
export const CONFIDENCE_LEVELS = ['primary', 'primary_figure_alt', 'secondary', 'inferred'] as const;
export function confidence(): Column<(typeof CONFIDENCE_LEVELS)[number]> {
  return oneOf(CONFIDENCE_LEVELS, 'primary = stated in the source text; primary_figure_alt = read from a figure of the source (alt text); secondary = reported by others; inferred = derived by us from stated values');
}
