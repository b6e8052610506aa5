import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { loadCsv, MAX_CSV_BYTES, MAX_PROBLEMS_PER_FILE, parseCsvText, streamCsvText, type CsvResult, type CsvTable } from '../../src/pipeline/load-csv.ts';

const FILE = 'data/x.csv';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function table(result: CsvResult): CsvTable {
  if (!result.ok) throw new Error(`expected rows, got problems:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.table;
}
function messages(result: CsvResult): string[] {
  if (result.ok) throw new Error('expected problems, got rows');
  return result.problems.map(formatProblem);
}

describe('CSV dialects give identical rows', () => {
  const expected: CsvTable = {
    file: FILE,
    header: ['id', 'note'],
    rows: [
      { line: 2, cells: ['a', '1'] },
      { line: 3, cells: ['b', '2'] },
    ],
  };

  it.each([
    ['LF with trailing newline', 'id,note\na,1\nb,2\n'],
    ['LF without trailing newline', 'id,note\na,1\nb,2'],
    ['CRLF with trailing newline', 'id,note\r\na,1\r\nb,2\r\n'],
    ['CRLF without trailing newline', 'id,note\r\na,1\r\nb,2'],
    ['BOM + LF', '\uFEFFid,note\na,1\nb,2\n'],
    ['BOM + CRLF', '\uFEFFid,note\r\na,1\r\nb,2\r\n'],
    ['quoted header and cells', '"id","note"\n"a","1"\n"b","2"\n'],
  ])('%s', (_name, text) => {
    expect(table(loadCsv(bytes(text), FILE))).toEqual(expected);
  });

  it('a BOM in already-decoded text does not shift the line numbers', () => {
    // parseCsvText is exported and documented to accept "BOM or not"; papaparse strips the
    // BOM, so its cursor offsets are one short of the text's offsets.
    expect(table(parseCsvText('\uFEFFid,note\na,1\nb,2\n', FILE))).toEqual(expected);
  });
});

describe('quoted cells', () => {
  it('keeps commas, doubled quotes and newlines inside quotes', () => {
    const text = 'id,note\na,"x, y"\nb,"she said ""hi"""\nc,"two\nlines"\n';
    expect(table(loadCsv(bytes(text), FILE)).rows.map((r) => r.cells)).toEqual([
      ['a', 'x, y'],
      ['b', 'she said "hi"'],
      ['c', 'two\nlines'],
    ]);
  });

  it('counts the lines of a multi-line cell for the rows after it (LF and CRLF)', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = ['id,note', 'a,"one', 'two', 'three"', 'b,x', 'c,y', ''].join(nl);
      expect(table(parseCsvText(text, FILE)).rows.map((r) => [r.line, r.cells[0]])).toEqual([
        [2, 'a'],
        [5, 'b'],
        [6, 'c'],
      ]);
    }
  });

  it('keeps spaces and leading zeros: every cell stays a string', () => {
    expect(table(parseCsvText('id,n\n007, 1.50 \n', FILE)).rows[0]?.cells).toEqual(['007', ' 1.50 ']);
  });

  it('trims spaces around header names', () => {
    expect(table(parseCsvText(' id , note\na,b\n', FILE)).header).toEqual(['id', 'note']);
  });

  it('reports an unterminated quote at the line where the quoted cell starts', () => {
    expect(messages(parseCsvText('id,note\na,1\nb,"never closed\nc,3\n', FILE))).toEqual([
      'data/x.csv:3 expected a closing quote (") for the quoted cell that starts on this line, got the end of the file (close the quote, or double any quote inside a quoted cell (""))',
    ]);
  });
});

describe('a stray quote inside an unquoted cell (issue 13)', () => {
  it('is a character of the cell, with LF, CRLF or CR line ends alike', () => {
    const lf = 'id,note\na,Screen 5" model\nb,x\nc,"quoted, ""really"""\n';
    const rows = table(parseCsvText(lf, FILE)).rows;
    expect(rows.map((r) => r.cells)).toEqual([['a', 'Screen 5" model'], ['b', 'x'], ['c', 'quoted, "really"']]);
    for (const eol of ['\r\n', '\r']) expect(table(parseCsvText(lf.replaceAll('\n', eol), FILE)).rows).toEqual(rows);
  });
});

describe('blank lines and CR-only line endings', () => {
  it('skips blank lines between rows', () => {
    expect(table(parseCsvText('id,note\na,1\n\nb,2\n\n', FILE)).rows.map((r) => r.cells)).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('gives the rows after blank lines their real line numbers', () => {
    // Line 1 header, 2 "a,1", 3 and 4 blank, 5 "b,2".
    expect(table(parseCsvText('id,note\na,1\n\n\nb,2\n', FILE)).rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('counts lines in a file with old Mac (CR only) line endings', () => {
    // papaparse detects "\r" as the newline and reads the rows, but the line counter only counts "\n".
    const result = table(parseCsvText('id,note\ra,1\rb,2\r', FILE));
    expect(result.rows.map((r) => r.cells)).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
  });
});

describe('ragged rows', () => {
  it('reports too many and too few cells with their lines', () => {
    expect(messages(parseCsvText('id,note\na,1,2\nb\nc,3\n', FILE))).toEqual([
      'data/x.csv:2 expected 2 cells, one per column in the header, got 3 ("a,1,2") (quote cells that contain commas)',
      'data/x.csv:3 expected 2 cells, one per column in the header, got 1 ("b") (add the missing cells, leaving unknown values empty)',
    ]);
  });

  it('uses the right line for a ragged row after a multi-line cell', () => {
    expect(messages(parseCsvText('id,note\na,"x\ny"\nb,1,2\n', FILE))).toEqual([
      'data/x.csv:4 expected 2 cells, one per column in the header, got 3 ("b,1,2") (quote cells that contain commas)',
    ]);
  });
});

describe('files that are not a table', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\r\n\t\n'],
    ['a BOM only', '\uFEFF'],
  ])('an %s file', (_name, text) => {
    expect(messages(loadCsv(bytes(text), FILE))).toEqual(['data/x.csv expected a header row naming the columns, got an empty file']);
  });

  it('a header with no rows', () => {
    const expected = ['data/x.csv:2 expected at least one data row under the header, got only the header'];
    expect(messages(parseCsvText('id,note\n', FILE))).toEqual(expected);
    expect(messages(parseCsvText('id,note', FILE))).toEqual(expected);
    expect(messages(parseCsvText('id,note\r\n\r\n\r\n', FILE))).toEqual(expected);
  });

  it('a binary file (a zero byte)', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(messages(loadCsv(png, 'data/chart.csv'))).toEqual([
      'data/chart.csv expected a UTF-8 text CSV file, got binary data (a zero byte at byte 9) (export the table as CSV; is this the right file?)',
    ]);
  });

  it('invalid UTF-8 (a Latin-1 "é") with the line it is on', () => {
    const latin1 = new Uint8Array([...bytes('id,note\na,1\nb,caf'), 0xe9, ...bytes('\n')]);
    expect(messages(loadCsv(latin1, FILE))).toEqual([
      'data/x.csv:3 expected UTF-8 text, got bytes that are not UTF-8 (save the file with UTF-8 encoding (in Excel: "CSV UTF-8"))',
    ]);
  });

  it.each([
    ['little-endian with a BOM', new Uint8Array([0xff, 0xfe, ...[...'id,note\n'].flatMap((c) => [c.charCodeAt(0), 0])]), 'little-endian, with a byte-order mark'],
    ['big-endian without a BOM', new Uint8Array([...'id,note\na,1\n'].flatMap((c) => [0, c.charCodeAt(0)])), 'big-endian'],
  ])('UTF-16 (%s) is named, with how to convert it', (_name, utf16, kind) => {
    expect(messages(loadCsv(utf16, FILE))).toEqual([
      `data/x.csv expected a UTF-8 text CSV file, got UTF-16 text (${kind}) (save it as UTF-8 (in Excel: "CSV UTF-8"), or convert it: iconv -f UTF-16 -t UTF-8 data/x.csv > converted.csv)`,
    ]);
  });

  it('reads valid UTF-8 beyond ASCII', () => {
    expect(table(loadCsv(bytes('id,note\nb,café ☕ 日本\n'), FILE)).rows[0]?.cells).toEqual(['b', 'café ☕ 日本']);
  });
});

describe('loadCsv never throws (property)', () => {
  const check = (input: Uint8Array): void => {
    const result = loadCsv(input, FILE);
    if (result.ok) {
      const { header, rows } = result.table;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.cells).toHaveLength(header.length);
      // Line numbers themselves are checked by the example tests above.
      for (const row of rows) expect(Number.isInteger(row.line) && row.line >= 1).toBe(true);
    } else {
      expect(result.problems.length).toBeGreaterThan(0);
      for (const p of result.problems) expect(formatProblem(p).startsWith(FILE)).toBe(true);
    }
  };

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (input) => check(input)), { numRuns: 500 });
  });

  it('CSV-like bytes (commas, quotes, newlines, BOMs, bad UTF-8)', () => {
    const piece = fc.constantFrom(...[',', '"', '\n', '\r', '\r\n', 'a', '1', ' ', '\uFEFF', 'é'].map(bytes), new Uint8Array([0xff]), new Uint8Array([0xc3]));
    const csvLike = fc.array(piece, { maxLength: 80 }).map((parts) => new Uint8Array(parts.flatMap((p) => [...p])));
    fc.assert(fc.property(csvLike, (input) => check(input)), { numRuns: 1000 });
  });
});

describe('mixed line endings', () => {
  it('reads a CRLF file whose last line ends in LF (or a lone CR) the same as a clean one', () => {
    for (const text of ['id,note\r\na,1\r\nb,2\n', 'id,note\na,1\rb,2\r\n', 'id,note\r\na,1\nb,2']) {
      const result = parseCsvText(text, 'data/x.csv');
      expect(result.ok && result.table.rows).toEqual([
        { line: 2, cells: ['a', '1'] },
        { line: 3, cells: ['b', '2'] },
      ]);
    }
  });

  it('keeps a CR inside a quoted cell as content', () => {
    const result = parseCsvText('id,note\r\na,"x\ry"\r\nb,2\r\n', 'data/x.csv');
    expect(result.ok && result.table.rows.map((r) => r.cells)).toEqual([['a', 'x\ry'], ['b', '2']]);
    expect(result.ok && result.table.rows[1]!.line).toBe(4);
  });
});

describe('streamCsvText', () => {
  it('hands out each data row with its line, and stops when told', () => {
    const seen: number[] = [];
    const shape = streamCsvText('id,note\na,1\n\nb,2\nc,3\n', FILE, (row) => {
      seen.push(row.line);
      return seen.length < 2;
    });
    expect(seen).toEqual([2, 4]);
    expect(shape).toEqual({ header: ['id', 'note'], rows: 2, problems: [] });
  });

  it('stops handing out rows after a ragged row, but still reports every ragged row', () => {
    const seen: number[] = [];
    const shape = streamCsvText('id,note\na,1\nb\nc,3\nd,4,5\n', FILE, (row) => void seen.push(row.line));
    expect(seen).toEqual([2]);
    expect(shape.problems.map((p) => p.line)).toEqual([3, 5]);
  });
});

describe('limits', () => {
  it(`refuses a file over ${MAX_CSV_BYTES / 1e6} MB before decoding it`, () => {
    expect(messages(loadCsv(new Uint8Array(MAX_CSV_BYTES + 1), FILE))).toEqual([
      'data/x.csv expected a CSV file of at most 200 MB, got 200.0 MB (200,000,001 bytes) (split the file, or aggregate the rows before adding them to the report)',
    ]);
  });

  it(`stops after ${MAX_PROBLEMS_PER_FILE} ragged rows, saying where`, () => {
    const text = `id,note\n${'a\n'.repeat(MAX_PROBLEMS_PER_FILE + 10)}`;
    const all = messages(parseCsvText(text, FILE));
    expect(all).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(all.at(-1)).toBe(`data/x.csv expected at most 1000 problems in one file, got 1000 before line ${MAX_PROBLEMS_PER_FILE + 2} (the rest of the file was not checked; fix these, then run again)`);
  });
});
