/**
 * Read a dataset with DuckDB: a large CSV, a TSV, JSON, JSONL or Parquet file,
 * or the result of a `.sql` query. Checked against the same row schema as a
 * small CSV, with the same messages, without holding its rows in the JS heap:
 *
 * - every value is read as its text ('' when empty or NULL) and typed by the
 *   schema, as a CSV cell is: a Parquet DOUBLE 12.5 is checked as "12.5";
 * - each column's SQL check (columns.ts) runs over every row in DuckDB; only the
 *   rows it does not vouch for come into JS, where the column's own parser
 *   gives the message; key uniqueness is checked in SQL;
 * - a dataset of at most IN_MEMORY_ROWS rows is then read whole into a typed
 *   table, like a CSV; a larger one stays in DuckDB (a typed view named after
 *   the dataset), and only the rows the site prints are ever fetched.
 *
 * A dataset that passed is remembered with its fingerprint (file, schema), so
 * the other stages of the same build, and the next build, skip the work.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { quote, type Problem } from '../errors/report-error.ts';
import { sqlCheckOf, type DatasetSchema } from './columns.ts';
import { allRows, database, duckdbMessage, ident, literal, streamRows } from '../engines/duckdb.ts';
import { MAX_PROBLEMS_PER_FILE, stoppedProblem } from './load-csv.ts';
import { checkHeader, createRowValidator, type TypedRow, type TypedTable } from './validate-rows.ts';

/** Bump when what is stored in the database changes shape. */
const STORE_VERSION = '1';

/** At most this many rows are read into memory; larger datasets stay in DuckDB. */
export const IN_MEMORY_ROWS = 50_000;

export type DuckKind = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'sql';

export interface DuckSource {
  name: string;
  kind: DuckKind;
  /** The file named in messages (the data file, the loader or the .sql file). */
  file: string;
  /** Absolute path of what DuckDB reads (for a loader: its cached output). */
  path: string;
  /** Changes whenever the data may have changed. */
  fingerprint: string;
}

export type DuckResult =
  | { ok: true; table: TypedTable; rowCount: number; large: boolean }
  | { ok: false; problems: Problem[] };

const rawTable = (name: string) => `raw.${ident(name)}`;
const textView = (name: string) => `raw.${ident(`${name}__text`)}`;

/** Where a row is, in the words of the format: a CSV line (header is line 1), a JSONL line, a row number. */
function place(source: DuckSource, row: number): { line?: number; suffix: string } {
  if (source.kind === 'sql') return { suffix: ` in row ${row} of the result` };
  if (source.kind === 'csv' || source.kind === 'tsv') return { line: row + 1, suffix: '' };
  return { line: row, suffix: '' };
}

/** Strip a trailing `;` and split off the statements before the last (ATTACH, SET ...), quotes and comments respected. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      i = end === -1 ? sql.length : end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === ';') {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sql.slice(start));
  return out.filter((s) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() !== '');
}

/** Paths in a `.sql` file are relative to the report: 'data/x.parquet' is read from the report's data/. */
export function rootPaths(sql: string, root: string): string {
  return sql.replace(/'data\//g, `'${root.replace(/'/g, "''")}/data/`);
}

/** The line of a `.sql` file a DuckDB error points at ("LINE 3:"), counting the statements before. */
function sqlErrorLine(message: string, statementOffset: number): number | undefined {
  const m = /LINE (\d+):/.exec(message);
  return m ? Number(m[1]) + statementOffset : undefined;
}

async function importSource(db: DuckDBConnection, root: string, source: DuckSource): Promise<Problem[]> {
  const { file, path } = source;
  const from = literal(path);
  try {
    if (source.kind === 'csv' || source.kind === 'tsv') {
      const delim = source.kind === 'csv' ? "','" : "'\\t'";
      await db.run(`CREATE OR REPLACE TABLE ${rawTable(source.name)} AS SELECT * FROM read_csv(${from}, header = true, all_varchar = true, delim = ${delim}, quote = '"', escape = '"', strict_mode = true, null_padding = false)`);
    } else if (source.kind === 'json' || source.kind === 'jsonl') {
      const format = source.kind === 'json' ? 'array' : 'newline_delimited';
      await db.run(`CREATE OR REPLACE TABLE ${rawTable(source.name)} AS SELECT * FROM read_json(${from}, format = '${format}', sample_size = -1)`);
    } else if (source.kind === 'parquet') {
      // A view, not a copy: a Parquet file is already columnar, and may be larger than the disk has room for twice.
      await db.run(`CREATE OR REPLACE VIEW ${rawTable(source.name)} AS SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS __row FROM read_parquet(${from}, file_row_number = true)`);
    } else {
      const text = await readFile(path, 'utf8');
      const statements = splitStatements(text);
      if (statements.length === 0) return [{ file, expected: 'a DuckDB query (SELECT ...) whose result is the dataset', found: 'an empty file' }];
      let offset = 0;
      for (const [i, statement] of statements.entries()) {
        const last = i === statements.length - 1;
        // Line numbers in DuckDB's errors count from the statement's own first line.
        const lineOffset = text.slice(0, text.indexOf(statement)).split('\n').length - 1;
        offset = lineOffset;
        try {
          await db.run(last ? `CREATE OR REPLACE TABLE ${rawTable(source.name)} AS ${rootPaths(statement, root)}` : rootPaths(statement, root));
        } catch (error) {
          const message = duckdbMessage(error);
          return [{ file, line: sqlErrorLine(String((error as Error).message), offset), expected: last ? 'a query DuckDB can run, whose result is the dataset' : 'a statement DuckDB can run', found: message, fix: "see README: 'Queries'" }];
        }
      }
    }
  } catch (error) {
    const message = String((error as Error).message);
    const line = /Line: (\d+)/.exec(message)?.[1];
    return [{ file, line: line ? Number(line) : undefined, expected: `a ${source.kind.toUpperCase()} file DuckDB can read`, found: duckdbMessage(error), fix: source.kind === 'csv' ? 'every row needs as many cells as the header, quoted with " when they hold commas, quotes or line breaks' : undefined }];
  }
  return [];
}

/** The dataset's columns, in the file's (or result's) order. */
async function headerOf(db: DuckDBConnection, name: string): Promise<string[]> {
  return [...(await typesOf(db, name)).keys()];
}

/** Each column's DuckDB type. */
async function typesOf(db: DuckDBConnection, name: string): Promise<Map<string, string>> {
  const rows = await allRows(db, `DESCRIBE SELECT * FROM ${rawTable(name)}`);
  return new Map(rows.filter((r) => r.column_name !== '__row').map((r) => [String(r.column_name), String(r.column_type)]));
}

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)|UHUGEINT)$/;

async function makeViews(db: DuckDBConnection, source: DuckSource, header: string[], schema: DatasetSchema, hasRowColumn: boolean): Promise<void> {
  const names = Object.keys(schema.columns);
  const row = hasRowColumn ? '__row' : 'rowid + 1 AS __row';
  const texts = names.map((c) => `COALESCE(CAST(${ident(c)} AS VARCHAR), '') AS ${ident(c)}`);
  await db.run(`CREATE OR REPLACE VIEW ${textView(source.name)} AS SELECT ${row}, ${texts.join(', ')} FROM ${rawTable(source.name)}`);
  // The typed view other queries and charts read: numbers as DOUBLE, empty cells as NULL,
  // straight from the stored columns (a numeric column never goes through its text).
  const types = await typesOf(db, source.name);
  const typed = names.map((c) => {
    const info = schema.columns[c]!.columnInfo;
    const text = `CAST(${ident(c)} AS VARCHAR)`;
    if (info.type === 'number') return `${NUMERIC.test(types.get(c) ?? '') ? `CAST(${ident(c)} AS DOUBLE)` : `CAST(NULLIF(${text}, '') AS DOUBLE)`} AS ${ident(c)}`;
    return `${info.optional ? `NULLIF(${text}, '')` : text} AS ${ident(c)}`;
  });
  await db.run(`CREATE OR REPLACE VIEW main.${ident(source.name)} AS SELECT ${typed.join(', ')} FROM ${rawTable(source.name)}`);
  void header;
}

/** Stream rows of the text view through the schema's parsers. */
async function validateStream(db: DuckDBConnection, source: DuckSource, header: string[], schema: DatasetSchema, where: string, keep: boolean, checkKeys: boolean) {
  const names = Object.keys(schema.columns);
  // The validator takes cells in the file's column order, as the header names them.
  const validator = createRowValidator(source.file, header, schema, { keep, keys: checkKeys });
  const order = header.map((h) => names.indexOf(h));
  const rowNumbers: number[] = [];
  let complete = true;
  outer: for await (const rows of streamRows(db, `SELECT __row, ${names.map(ident).join(', ')} FROM ${textView(source.name)} ${where} ORDER BY __row`)) {
    for (const r of rows) {
      const n = Number(r[0]);
      const cells = order.map((i) => (i === -1 ? '' : String(r[i + 1])));
      if (!validator.add({ line: n, cells })) {
        complete = false;
        break outer;
      }
      if (keep) rowNumbers.push(n);
    }
  }
  void complete;
  return { result: validator.finish(), rowNumbers };
}

/** Problems with rows (their line is the row number), moved to where they are in the format ("line 12", "row 12 of the result"). */
function placed(source: DuckSource, problems: Problem[]): Problem[] {
  return problems.map((p) => {
    if (p.line === undefined) return p;
    const at = place(source, p.line);
    return { ...p, line: at.line, column: at.line === undefined ? undefined : p.column, found: p.found === undefined ? p.found : `${p.found}${at.suffix}` };
  });
}

async function duplicateKeys(db: DuckDBConnection, source: DuckSource, header: string[], schema: DatasetSchema): Promise<Problem[]> {
  const info = schema.columns[schema.key]!.columnInfo;
  const key = info.type === 'number' ? `CAST(NULLIF(${ident(schema.key)}, '') AS DOUBLE)` : ident(schema.key);
  // A hash aggregate says whether any key repeats; only then is it worth finding where.
  const repeated = await allRows(db, `SELECT 1 FROM ${textView(source.name)} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`);
  if (repeated.length === 0) return [];
  const rows = await allRows(
    db,
    `SELECT k, __row, first FROM (SELECT ${ident(schema.key)} AS k, __row, min(__row) OVER (PARTITION BY ${key}) AS first FROM ${textView(source.name)}) WHERE __row > first ORDER BY __row LIMIT ${MAX_PROBLEMS_PER_FILE}`,
  );
  const column = header.indexOf(schema.key) + 1;
  return rows.map((r) => {
    const at = place(source, Number(r.__row));
    const first = place(source, Number(r.first));
    return {
      file: source.file,
      line: at.line,
      column: at.line === undefined ? undefined : column,
      field: schema.key,
      expected: `a unique ${schema.key} (it names the row)`,
      found: `${quote(String(r.k))}, already used on ${first.line === undefined ? `row ${r.first}` : `line ${first.line}`}${at.suffix}`,
      fix: 'give each row its own key',
    };
  });
}

/** A fingerprint of the schema module's text and what this reader stores. */
export function schemaFingerprint(schemaText: string): string {
  return createHash('sha256').update(STORE_VERSION).update('\0').update(schemaText).digest('hex').slice(0, 16);
}

/** Load (or reuse), check and describe one dataset. */
export async function readWithDuckDB(root: string, source: DuckSource, schema: DatasetSchema): Promise<DuckResult> {
  const db = await database(root);
  const fingerprint = source.fingerprint;
  const cached = (await allRows(db, 'SELECT row_count, header FROM raw.__datasets WHERE name = $1 AND fingerprint = $2', [source.name, fingerprint]))[0];
  let header: string[];
  let rowCount: number;
  if (cached) {
    header = (cached.header as string[]).map(String);
    rowCount = Number(cached.row_count);
  } else {
    await db.run('DELETE FROM raw.__datasets WHERE name = $1', [source.name]);
    await db.run(`DROP VIEW IF EXISTS main.${ident(source.name)}`);
    const imported = await importSource(db, root, source);
    if (imported.length > 0) return { ok: false, problems: imported };
    header = await headerOf(db, source.name);
    const where = source.kind === 'sql' ? { file: source.file } : { file: source.file, line: 1 };
    const headerProblems = checkHeader({ file: source.file, header, rows: [] }, schema).map((p) =>
      source.kind === 'sql' ? { ...p, line: undefined, column: undefined, expected: p.expected.replace(/^a column/, 'a result column'), found: p.found?.replace('no such column in the header', 'no such column in the result') } : { ...p, ...where },
    );
    if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
    await makeViews(db, source, header, schema, source.kind === 'parquet');
    rowCount = Number((await allRows(db, `SELECT count(*) AS n FROM ${textView(source.name)}`))[0]!.n);
    if (rowCount === 0) {
      return { ok: false, problems: [{ file: source.file, line: source.kind === 'csv' || source.kind === 'tsv' ? 2 : undefined, expected: source.kind === 'sql' ? 'a query that returns at least one row' : 'at least one data row', found: source.kind === 'sql' ? 'no rows' : 'only the header' }] };
    }
    if (rowCount > IN_MEMORY_ROWS) {
      // Only rows the SQL checks do not vouch for are read into JS.
      // Checked on the stored columns: a numeric column by its value, others by their text.
      const types = await typesOf(db, source.name);
      const checks = Object.entries(schema.columns).map(([c, column]) => {
        const check = sqlCheckOf(column);
        if (!check) return 'false';
        const native = column.columnInfo.type === 'number' && NUMERIC.test(types.get(c) ?? '') ? `CAST(${ident(c)} AS DOUBLE)` : undefined;
        return check(`COALESCE(CAST(${ident(c)} AS VARCHAR), '')`, native);
      });
      const row = source.kind === 'parquet' ? '__row' : 'rowid + 1';
      const where = `WHERE __row IN (SELECT ${row} FROM ${rawTable(source.name)} WHERE NOT COALESCE((${checks.join(') AND (')}), false))`;
      const suspects = await validateStream(db, source, header, schema, where, false, false);
      const problems = suspects.result.ok ? [] : placed(source, suspects.result.problems);
      const duplicates = await duplicateKeys(db, source, header, schema);
      const all = [...problems, ...duplicates];
      if (all.length > 0) {
        if (all.length > MAX_PROBLEMS_PER_FILE) return { ok: false, problems: [...all.slice(0, MAX_PROBLEMS_PER_FILE), stoppedProblem(source.file, all[MAX_PROBLEMS_PER_FILE]!.line ?? 0)] };
        return { ok: false, problems: all };
      }
    }
  }
  let table: TypedTable = { file: source.file, columns: header, rows: [], lines: [] };
  if (rowCount <= IN_MEMORY_ROWS) {
    const { result, rowNumbers } = await validateStream(db, source, header, schema, '', true, true);
    if (!result.ok) return { ok: false, problems: placed(source, result.problems) };
    table = { ...result.table, lines: rowNumbers.map((n) => place(source, n).line ?? n) };
  }
  if (!cached) await db.run('INSERT OR REPLACE INTO raw.__datasets VALUES ($1, $2, $3, $4::VARCHAR[])', [source.name, fingerprint, rowCount, JSON.stringify(header)]);
  return { ok: true, table, rowCount, large: rowCount > IN_MEMORY_ROWS };
}

/** The rows of a large dataset whose key is one of `keys`, typed by the schema (for the values the prose prints). */
export async function fetchRows(root: string, source: DuckSource, header: string[], schema: DatasetSchema, keys: string[]): Promise<{ rows: TypedRow[]; lines: number[] }> {
  if (keys.length === 0) return { rows: [], lines: [] };
  const db = await database(root);
  const { result, rowNumbers } = await validateStream(db, source, header, schema, `WHERE ${ident(schema.key)} IN (${keys.map(literal).join(', ')})`, true, false);
  if (!result.ok) return { rows: [], lines: [] };
  return { rows: result.table.rows, lines: rowNumbers.map((n) => place(source, n).line ?? n) };
}

/**
 * Make a CSV that papaparse read (and checked) readable by queries, under its
 * name: a view over the file, typed as the schema says.
 */
export async function exposeCsv(root: string, name: string, path: string, header: string[], schema: DatasetSchema): Promise<void> {
  const db = await database(root);
  const source: DuckSource = { name, kind: 'csv', file: '', path, fingerprint: '' };
  await db.run(`CREATE OR REPLACE VIEW ${rawTable(name)} AS SELECT *, row_number() OVER () AS __row FROM read_csv(${literal(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false)`);
  await makeViews(db, source, header, schema, true);
}

/** Drop the views of datasets that no longer exist, so a query cannot read a deleted dataset. */
export async function pruneViews(root: string, keep: ReadonlySet<string>): Promise<void> {
  const db = await database(root);
  for (const row of await allRows(db, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal")) {
    const name = String(row.view_name);
    if (!keep.has(name)) {
      await db.run(`DROP VIEW IF EXISTS main.${ident(name)}`);
      await db.run(`DROP VIEW IF EXISTS ${textView(name)}`);
      // The copy of a deleted dataset's rows: a table (CSV, JSON, query) or a view (Parquet).
      await db.run(`DROP TABLE IF EXISTS ${rawTable(name)}`).catch(() => db.run(`DROP VIEW IF EXISTS ${rawTable(name)}`));
      await db.run('DELETE FROM raw.__datasets WHERE name = $1', [name]);
    }
  }
}
