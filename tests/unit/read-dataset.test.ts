/** readDataset reads a CSV in one pass, and must give exactly what loadCsv followed by validateRows gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { count, defineDataset, oneOf, optional, percent, sourceUrl, text, type DatasetSchema } from '../../src/pipeline/columns.ts';
import { loadCsv, MAX_CSV_BYTES } from '../../src/pipeline/load-csv.ts';
import { readDataset } from '../../src/pipeline/read-dataset.ts';
import { validateRows, type ValidateResult } from '../../src/pipeline/validate-rows.ts';
import { writeCsv } from '../../src/output/write-csv.ts';

const FILE = 'data/x.csv';
const URL = 'https://example.com/paper';
const schema = defineDataset({
  key: 'id',
  description: 'Test rows',
  columns: { id: text(), level: oneOf(['low', 'high']), rate: percent(), n: optional(count()), source_url: sourceUrl() },
}) as unknown as DatasetSchema;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The two-stage way: every row of strings first, then every typed row. */
function twoStage(input: Uint8Array): ValidateResult {
  const parsed = loadCsv(input, FILE);
  return parsed.ok ? validateRows(parsed.table, schema) : parsed;
}

describe('readDataset', () => {
  it('types a well-formed file', () => {
    const result = readDataset(bytes(`\uFEFFid,level,rate,n,source_url\r\na,low,1.5,,${URL}\r\n"b, c",high,0,7,${URL}\r\n`), FILE, schema);
    expect(result.ok && result.table).toEqual({
      file: FILE,
      columns: ['id', 'level', 'rate', 'n', 'source_url'],
      rows: [
        { id: 'a', level: 'low', rate: 1.5, n: null, source_url: URL },
        { id: 'b, c', level: 'high', rate: 0, n: 7, source_url: URL },
      ],
      lines: [2, 3],
    });
  });

  it('reports problems with the shape before problems with cells', () => {
    const result = readDataset(bytes(`id,level,rate,n,source_url\na,low,96%,,${URL}\nb,high\n`), FILE, schema);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'data/x.csv:3 expected 5 cells, one per column in the header, got 2 ("b,high") (add the missing cells, leaving unknown values empty)',
    ]);
  });

  it('reports a bad header once, not once per row', () => {
    const result = readDataset(bytes(`id,levl,rate,n,source_url\na,low,1,,${URL}\nb,low,2,,${URL}\n`), FILE, schema);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'data/x.csv:1:2 levl: expected a column declared in the schema (id, level, rate, n, source_url), got unknown column "levl" (did you mean "level"?)',
    ]);
  });

  it(`refuses a file over ${MAX_CSV_BYTES / 1e6} MB without reading it`, () => {
    const result = readDataset(new Uint8Array(MAX_CSV_BYTES + 1), FILE, schema);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'data/x.csv expected a CSV file of at most 200 MB, got 200.0 MB (200,000,001 bytes) (split the file, or aggregate the rows before adding them to the report)',
    ]);
  });
});

describe('readDataset gives what loadCsv + validateRows give (property)', () => {
  const same = (input: Uint8Array): void => {
    expect(JSON.stringify(readDataset(input, FILE, schema))).toBe(JSON.stringify(twoStage(input)));
  };

  it('on CSV-like bytes', () => {
    const piece = fc.constantFrom(...['id,level,rate,n,source_url\n', ',', '"', '\n', '\r\n', 'a', 'low', 'high', '1', '96%', '', URL, ' ', '\uFEFF', 'é'].map(bytes), new Uint8Array([0xff]));
    const csvLike = fc.array(piece, { maxLength: 60 }).map((parts) => new Uint8Array(parts.flatMap((p) => [...p])));
    fc.assert(fc.property(csvLike, same), { numRuns: 1000 });
  });

  it('on tables written with the right header and random cells', () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('low', 'high', '1', '007', '', ' ', URL, 'a,b', '"q"', 'x\ny'));
    const rows = fc.array(fc.tuple(cell, cell, cell, cell, cell), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(rows, (cells) => {
        const columns = ['id', 'level', 'rate', 'n', 'source_url'];
        same(bytes(writeCsv(columns, cells.map((c) => Object.fromEntries(columns.map((name, i) => [name, c[i]]))))));
      }),
      { numRuns: 500 },
    );
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), same), { numRuns: 500 });
  });
});
