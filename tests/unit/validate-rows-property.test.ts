/**
 * Properties of validateRows over random tables and random schemas: it never
 * throws, and its fast path (plain cell parsers, one row at a time) gives
 * exactly what validating each row with the schema's zod object gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, quote, type Problem } from '../../src/errors/report-error.ts';
import { confidence, count, defineDataset, number, oneOf, optional, percent, sourceUrl, text, type CellRejection, type Column, type DatasetSchema } from '../../src/pipeline/columns.ts';
import type { CsvTable } from '../../src/pipeline/load-csv.ts';
import { checkHeader, validateRows, type ValidateResult } from '../../src/pipeline/validate-rows.ts';

const FILE = 'data/x.csv';

const columnArb: fc.Arbitrary<Column<unknown>> = fc
  .oneof(
    fc.constant(text() as Column<unknown>),
    fc.record({ min: fc.option(fc.integer({ min: -100, max: 0 }), { nil: undefined }), max: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), integer: fc.boolean() }).map((o) => number(o) as Column<unknown>),
    fc.constant(percent() as Column<unknown>),
    fc.constant(count('tokens') as Column<unknown>),
    fc.constant(oneOf(['a', 'B', 'c d']) as Column<unknown>),
    fc.constant(sourceUrl() as Column<unknown>),
    fc.constant(confidence() as Column<unknown>),
  )
  .chain((column) => fc.constantFrom(column as Column<unknown>, optional(column) as Column<unknown>));

const nameArb = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), fc.constantFrom('constructor', 'toString', 'valueOf', 'a b', 'é', 'source_url', 'hasOwnProperty'));

const schemaArb: fc.Arbitrary<DatasetSchema> = fc
  .uniqueArray(fc.tuple(nameArb, columnArb), { minLength: 1, maxLength: 6, selector: ([name]) => name })
  .chain((entries) => fc.constantFrom(...entries.map(([name]) => name)).map((key) => defineDataset({ key, description: 'random', columns: Object.fromEntries(entries) as never }) as unknown as DatasetSchema));

const cellArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '007', '7', '0.5', '96%', '1,234', 'NaN', 'inf', 'a', 'B', 'c d', 'primary', 'https://example.com/x', 'javascript:alert(1)', '-3', '1e3', '__proto__'),
);

/** A table whose header is the schema's columns, shuffled, sometimes with one misspelt, extra or missing. */
function tableArb(schema: DatasetSchema): fc.Arbitrary<CsvTable> {
  const names = Object.keys(schema.columns);
  const header: fc.Arbitrary<string[]> = fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }).chain((shuffled) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant<string[]>(shuffled) },
      { weight: 1, arbitrary: fc.constant<string[]>([...shuffled, 'extra']) },
      { weight: 1, arbitrary: fc.constant<string[]>(shuffled.slice(1)) },
      { weight: 1, arbitrary: fc.constant<string[]>([...shuffled.slice(0, -1), `${shuffled.at(-1)}x`]) },
      { weight: 1, arbitrary: fc.constant<string[]>([...shuffled, shuffled[0]!]) },
    ),
  );
  return header.chain((h) =>
    fc.array(fc.array(cellArb, { minLength: h.length, maxLength: h.length }), { maxLength: 8 }).map((rows) => ({
      file: FILE,
      header: h,
      rows: rows.map((cells, i) => ({ line: i + 2, cells })),
    })),
  );
}

const caseArb = schemaArb.chain((schema) => tableArb(schema).map((table) => ({ schema, table })));

/** The validator as it was before rows were checked one at a time: every row through the schema's zod object. */
function validateWithZod(table: CsvTable, schema: DatasetSchema): ValidateResult {
  const headerProblems = checkHeader(table, schema);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  const problems: Problem[] = [];
  const rows: Record<string, unknown>[] = [];
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
        problems.push({ file: table.file, line: row.line, column: table.header.indexOf(field) + 1 || undefined, field, expected: params?.expected ?? issue.message, found: raw === '' ? 'an empty cell' : quote(raw), fix: params?.fix });
      }
      continue;
    }
    const key = result.data[schema.key];
    const first = keys.get(key);
    if (first !== undefined) {
      problems.push({ file: table.file, line: row.line, column: table.header.indexOf(schema.key) + 1, field: schema.key, expected: `a unique ${schema.key} (it names the row)`, found: `${quote(String(key))}, already used on line ${first}`, fix: 'give each row its own key' });
      continue;
    }
    keys.set(key, row.line);
    rows.push(result.data);
    lines.push(row.line);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { file: table.file, columns: table.header, rows, lines } };
}

describe('validateRows (property)', () => {
  it('never throws on a random table with a random schema: rows, or problems in this file', () => {
    fc.assert(
      fc.property(caseArb, ({ schema, table }) => {
        const result = validateRows(table, schema);
        if (result.ok) {
          expect(result.table.rows).toHaveLength(table.rows.length);
          expect(result.table.lines).toEqual(table.rows.map((r) => r.line));
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) {
            expect(formatProblem(p).startsWith(`${FILE}:`) || formatProblem(p).startsWith(`${FILE} `)).toBe(true);
            if (p.line !== undefined) expect(p.line).toBeGreaterThanOrEqual(1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives exactly what validating each row with the zod schema gives (values, key order, problems)', () => {
    fc.assert(
      fc.property(caseArb, ({ schema, table }) => {
        const fast = validateRows(table, schema);
        const reference = validateWithZod(table, schema);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves Object.prototype alone whatever the header says', () => {
    fc.assert(
      fc.property(caseArb, ({ schema, table }) => {
        validateRows({ ...table, header: [...table.header, '__proto__'], rows: table.rows.map((r) => ({ ...r, cells: [...r.cells, '{"polluted":1}'] })) }, schema);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
