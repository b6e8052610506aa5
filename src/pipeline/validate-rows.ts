/**
 * Stage 2: rows of strings -> typed rows (zod), with file/line/column errors.
 *
 * The header is checked before any row, so a misspelt column gives one clear
 * message ("did you mean ...") instead of one error per row.
 */
import { closest, distance } from 'fastest-levenshtein';
import { quote, type Problem } from '../errors/report-error.ts';
import type { CellRejection, DatasetSchema } from './columns.ts';
import type { CsvTable } from './load-csv.ts';

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

export function checkHeader(table: CsvTable, schema: DatasetSchema): Problem[] {
  const expected = Object.keys(schema.columns);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const missing = expected.filter((e) => !table.header.includes(e));
  // Each unknown column may be a misspelling of one missing column; remember which.
  const suggested = new Set<string>();
  table.header.forEach((name, index) => {
    const where = { file: table.file, line: 1, column: index + 1 };
    if (seen.has(name)) {
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

/** Validate every row against the dataset's row schema; all problems are collected. */
export function validateRows(table: CsvTable, schema: DatasetSchema): ValidateResult {
  const headerProblems = checkHeader(table, schema);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };

  const problems: Problem[] = [];
  const rows: TypedRow[] = [];
  const lines: number[] = [];
  const keys = new Map<unknown, number>();
  for (const row of table.rows) {
    const record: Record<string, string> = Object.create(null);
    table.header.forEach((name, i) => (record[name] = row.cells[i] ?? ''));
    const result = schema.rowSchema.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const params = (issue as { params?: Partial<CellRejection> }).params;
        const raw = record[field] ?? '';
        problems.push({
          file: table.file,
          line: row.line,
          column: table.header.indexOf(field) + 1 || undefined,
          field,
          expected: params?.expected ?? issue.message,
          found: raw === '' ? 'an empty cell' : quote(raw),
          fix: params?.fix,
        });
      }
      continue;
    }
    const key = result.data[schema.key];
    const first = keys.get(key);
    if (first !== undefined) {
      problems.push({
        file: table.file,
        line: row.line,
        column: table.header.indexOf(schema.key) + 1,
        field: schema.key,
        expected: `a unique ${schema.key} (it names the row)`,
        found: `${quote(String(key))}, already used on line ${first}`,
        fix: 'give each row its own key',
      });
      continue;
    }
    keys.set(key, row.line);
    rows.push(result.data);
    lines.push(row.line);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { file: table.file, columns: table.header, rows, lines } };
}
