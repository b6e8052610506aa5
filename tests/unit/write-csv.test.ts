import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { parseCsvText, type CsvTable } from '../../src/pipeline/load-csv.ts';
import { neutraliseCell, writeCsv } from '../../src/output/write-csv.ts';

function reparse(text: string): CsvTable {
  const result = parseCsvText(text, 'download.csv');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.table;
}

describe('writeCsv', () => {
  it('writes a header and CRLF rows, ending with a newline', () => {
    expect(writeCsv(['id', 'rate'], [{ id: 'a', rate: 21.4 }, { id: 'b', rate: 0 }])).toBe('id,rate\r\na,21.4\r\nb,0\r\n');
  });

  it('writes null and missing values as empty cells, in column order', () => {
    expect(writeCsv(['id', 'rate', 'note'], [{ note: 'x', rate: null, id: 'a' }])).toBe('id,rate,note\r\na,,x\r\n');
  });

  it('quotes cells with commas, quotes and newlines, and papaparse reads them back', () => {
    const rows = [{ id: 'a', note: 'x, y' }, { id: 'b', note: 'she said "hi"' }, { id: 'c', note: 'two\nlines' }, { id: 'd', note: 'cr\r\nlf' }];
    const text = writeCsv(['id', 'note'], rows);
    expect(text).toBe('id,note\r\na,"x, y"\r\nb,"she said ""hi"""\r\nc,"two\nlines"\r\nd,"cr\r\nlf"\r\n');
    const back = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(back.errors).toEqual([]);
    expect(back.data).toEqual(rows);
  });

  it('neutralises text cells a spreadsheet would run as a formula', () => {
    const text = writeCsv(['a', 'b', 'c', 'd', 'e', 'f'], [{ a: '=1+1', b: '+SUM(A1)', c: '-2+3', d: '@cmd', e: '\tx', f: '\rx' }]);
    expect(reparse(text).rows[0]?.cells).toEqual(["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "'\rx"]);
  });

  it('leaves numbers alone, negative ones included', () => {
    expect(writeCsv(['id', 'delta'], [{ id: 'a', delta: -5 }, { id: 'b', delta: -0.25 }, { id: 'c', delta: 1e-7 }])).toBe('id,delta\r\na,-5\r\nb,-0.25\r\nc,1e-7\r\n');
  });

  it('leaves safe text alone, including = or - later in the cell', () => {
    expect(writeCsv(['note'], [{ note: 'a=b' }, { note: 'x - y' }, { note: '007' }])).toBe('note\r\na=b\r\nx - y\r\n007\r\n');
  });
});

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['plain', 'plain'],
    ['', ''],
  ])('%j -> %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it('does not touch numbers, null or booleans', () => {
    expect(neutraliseCell(-1)).toBe(-1);
    expect(neutraliseCell(null)).toBe(null);
    expect(neutraliseCell(true)).toBe(true);
  });
});

describe('round trip (property)', () => {
  const FORMULA_START = /^[=+\-@\t\r]/;
  // Column names as a schema would declare them; at least two columns, because in a
  // one-column table a row with an empty cell is an empty line, which readers skip.
  const columnsArb = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 2, maxLength: 5 });
  const cellArb = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', '\r\n', ' ', '=', '-', '+', '@', '\t', 'é', '日', '\uFEFF') }),
  );

  it('any table of strings reads back cell for cell (formula cells with their apostrophe), on the right lines', () => {
    fc.assert(
      fc.property(
        columnsArb.chain((columns) =>
          fc.tuple(fc.constant(columns), fc.array(fc.tuple(...columns.map(() => cellArb)), { minLength: 1, maxLength: 8 })),
        ),
        ([columns, cellRows]) => {
          const rows = cellRows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i]])));
          const table = reparse(writeCsv(columns, rows));
          expect(table.header).toEqual(columns);
          expect(table.rows.map((r) => r.cells)).toEqual(cellRows.map((cells) => cells.map((s) => (FORMULA_START.test(s) ? `'${s}` : s))));
          // A row starts one line below the previous one, plus the line breaks (LF, CRLF, lone CR) inside its cells.
          let line = 2;
          table.rows.forEach((row, i) => {
            expect(row.line).toBe(line);
            line += 1 + cellRows[i]!.map((c) => c.split(/\r\n|\r|\n/).length - 1).reduce((a, b) => a + b, 0);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers read back as the same numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 10 }), (numbers) => {
        const table = reparse(writeCsv(['id', 'value'], numbers.map((value, i) => ({ id: `r${i}`, value }))));
        expect(table.rows.map((r) => Number(r.cells[1]))).toEqual(numbers.map((n) => (Object.is(n, -0) ? 0 : n)));
      }),
      { numRuns: 200 },
    );
  });
});
