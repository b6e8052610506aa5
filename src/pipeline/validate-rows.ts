/**
 * Stage 2: rows of strings -> typed rows (zod), with file/line/column errors.
 *
 * The header is checked before any row, so a misspelt column gives one clear
 * message ("did you mean ...") instead of one error per row.
 */
import { closest, distance } from 'fastest-levenshtein';
import { quote, type Problem } from '../errors/report-error.ts';
import { cellParserOf, isRejection, type CellRejection, type DatasetSchema } from './columns.ts';
import { MAX_PROBLEMS_PER_FILE, stoppedProblem, type CsvRow, type CsvTable } from './load-csv.ts';

export type TypedRow = Record<string, unknown>;

export interface TypedTable {
  file: string;
  columns: string[];
  rows: TypedRow[];
  /** Line of each row in the file, parallel to `rows`. */
  lines: number[];
}

export type ValidateResult = { ok: true; table: TypedTable } | { ok: false; problems: Problem[] };

/** Suggest the expected name closest to a misspelt one, if it is close enough to be a typo. */
export function suggestName(name: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name.toLowerCase(), candidates);
  return distance(name.toLowerCase(), best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Problems with the header row: unknown (with the likely intended name), duplicated, reserved and missing columns. */
export function checkHeader(table: CsvTable, schema: DatasetSchema): Problem[] {
  const expected = Object.keys(schema.columns);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const missing = expected.filter((e) => !table.header.includes(e));
  // Each unknown column may be a misspelling of one missing column; remember which.
  const suggested = new Set<string>();
  table.header.forEach((name, index) => {
    const where = { file: table.file, line: 1, column: index + 1 };
    if (name === '__proto__') {
      // A row object with this key would change its prototype instead of holding a value.
      problems.push({ ...where, field: name, expected: 'a column name other than "__proto__"', found: 'a reserved name', fix: 'rename the column in the CSV and the schema' });
    } else if (seen.has(name)) {
      problems.push({ ...where, field: name, expected: 'each column name once', found: `a second column named ${quote(name)}`, fix: 'remove or rename the duplicate column' });
    } else if (!expected.includes(name)) {
      const guess = suggestName(name, missing);
      if (guess) suggested.add(guess);
      problems.push({
        ...where,
        field: name,
        expected: `a column declared in the schema (${expected.join(', ')})`,
        found: `unknown column ${quote(name)}`,
        fix: guess ? `did you mean "${guess}"?` : 'declare the column in the dataset schema, or remove it',
      });
    }
    seen.add(name);
  });
  for (const name of missing) {
    if (!suggested.has(name)) {
      problems.push({ file: table.file, line: 1, field: name, expected: `a column named "${name}"`, found: 'no such column in the header', fix: 'add the column (cells may be empty only if the schema says optional())' });
    }
  }
  return problems;
}

interface CellIssue {
  expected: string;
  fix?: string;
}
type CellReader = (raw: string) => { ok: true; value: unknown } | { ok: false; issues: CellIssue[] };

/** One reader per column: the column's plain parser when it has one, else its zod schema (same answers either way). */
function cellReader(schema: DatasetSchema['columns'][string]): CellReader {
  const parse = cellParserOf(schema);
  if (parse) {
    return (raw) => {
      const value = parse(raw);
      return isRejection(value) ? { ok: false, issues: [{ expected: value.expected, fix: value.fix }] } : { ok: true, value };
    };
  }
  return (raw) => {
    const result = schema.safeParse(raw);
    if (result.success) return { ok: true, value: result.data };
    return {
      ok: false,
      issues: result.error.issues.map((issue) => {
        const params = (issue as { params?: Partial<CellRejection> }).params;
        return { expected: params?.expected ?? issue.message, fix: params?.fix };
      }),
    };
  };
}

/** Checks rows one at a time, so a large file never needs all its rows of strings in memory at once. */
export interface RowValidator {
  /** Problems with the header; when there are any, rows are not checked. */
  headerProblems: Problem[];
  /** Check one row and keep its typed values; false once the file has MAX_PROBLEMS_PER_FILE problems. */
  add(row: CsvRow): boolean;
  /** The typed table, or every problem found. */
  finish(): ValidateResult;
}

export interface RowValidatorOptions {
  /** Check that keys are unique (off when DuckDB checks them over the whole table). */
  keys?: boolean;
  /** Keep the typed rows (off when only the problems are wanted). */
  keep?: boolean;
}

/** A validator for the rows under `header`, typed by `schema`. */
export function createRowValidator(file: string, header: string[], schema: DatasetSchema, options: RowValidatorOptions = {}): RowValidator {
  const { keys: checkKeys = true, keep = true } = options;
  const headerProblems = checkHeader({ file, header, rows: [] }, schema);
  // Columns in schema order, so typed rows have the same key order as the schema declares.
  const columns = Object.entries(schema.columns).map(([name, column]) => ({ name, index: header.indexOf(name), read: cellReader(column) }));
  const keyColumn = header.indexOf(schema.key) + 1;
  const problems: Problem[] = [];
  const rows: TypedRow[] = [];
  const lines: number[] = [];
  const keys = new Map<unknown, number>();
  let stoppedAt: number | undefined;
  return {
    headerProblems,
    add(row) {
      if (problems.length >= MAX_PROBLEMS_PER_FILE) {
        stoppedAt ??= row.line;
        return false;
      }
      const typed: TypedRow = {};
      let bad = false;
      for (const { name, index, read } of columns) {
        const raw = row.cells[index] ?? '';
        const result = read(raw);
        if (result.ok) {
          typed[name] = result.value;
          continue;
        }
        bad = true;
        for (const issue of result.issues) {
          problems.push({ file, line: row.line, column: index + 1 || undefined, field: name, expected: issue.expected, found: raw === '' ? 'an empty cell' : quote(raw), fix: issue.fix });
        }
      }
      if (bad) return true;
      const key = typed[schema.key];
      const first = checkKeys ? keys.get(key) : undefined;
      if (first !== undefined) {
        problems.push({
          file,
          line: row.line,
          column: keyColumn,
          field: schema.key,
          expected: `a unique ${schema.key} (it names the row)`,
          found: `${quote(String(key))}, already used on line ${first}`,
          fix: 'give each row its own key',
        });
        return true;
      }
      if (checkKeys) keys.set(key, row.line);
      // Once a row is bad the table is not used: stop keeping rows.
      if (problems.length === 0 && keep) {
        rows.push(typed);
        lines.push(row.line);
      }
      return true;
    },
    finish() {
      if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
      if (problems.length > 0) return { ok: false, problems: stoppedAt === undefined ? problems : [...problems, stoppedProblem(file, stoppedAt)] };
      return { ok: true, table: { file, columns: header, rows, lines } };
    },
  };
}

/** Validate every row against the dataset's row schema; all problems are collected. */
export function validateRows(table: CsvTable, schema: DatasetSchema): ValidateResult {
  const validator = createRowValidator(table.file, table.header, schema);
  if (validator.headerProblems.length > 0) return validator.finish();
  for (const row of table.rows) if (!validator.add(row)) break;
  return validator.finish();
}
