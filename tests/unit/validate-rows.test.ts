import { describe, expect, it } from 'vitest';
import { formatProblem, formatProblems } from '../../src/errors/report-error.ts';
import { count, defineDataset, optional, percent, sourceUrl, text, type DatasetSchema } from '../../src/pipeline/columns.ts';
import { MAX_PROBLEMS_PER_FILE, parseCsvText } from '../../src/pipeline/load-csv.ts';
import { suggestName, validateRows, type TypedTable, type ValidateResult } from '../../src/pipeline/validate-rows.ts';

const FILE = 'data/x.csv';
const URL = 'https://example.com/paper';

const scores = defineDataset({
  key: 'id',
  description: 'Test scores',
  columns: { id: text(), name: text(), rate: percent(), tokens: optional(count('tokens')), source_url: sourceUrl() },
});
const HEADER = 'id,name,rate,tokens,source_url';

/** Any schema from defineDataset (its precise type is narrower than validateRows' parameter). */
function validate(csv: string, schema: object = scores): ValidateResult {
  const parsed = parseCsvText(csv, FILE);
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  return validateRows(parsed.table, schema as DatasetSchema);
}
function typed(result: ValidateResult): TypedTable {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.table;
}
function messages(result: ValidateResult): string[] {
  if (result.ok) throw new Error('expected problems, got rows');
  return result.problems.map(formatProblem);
}

describe('typed rows', () => {
  it('types each cell by its column, with the line of each row', () => {
    const table = typed(validate(`${HEADER}\n007,Model A,21.4,30000000,${URL}\n008,"Model B, large",0,,${URL}\n`));
    expect(table.columns).toEqual(['id', 'name', 'rate', 'tokens', 'source_url']);
    expect(table.rows).toEqual([
      { id: '007', name: 'Model A', rate: 21.4, tokens: 30000000, source_url: URL },
      { id: '008', name: 'Model B, large', rate: 0, tokens: null, source_url: URL },
    ]);
    expect(table.lines).toEqual([2, 3]);
  });
});

describe('cell problems', () => {
  it('96% in a percent() column', () => {
    expect(messages(validate(`${HEADER}\na,A,96%,,${URL}\n`))).toEqual([
      'data/x.csv:2:3 rate: expected a number from 0 to 100, got "96%" (write the number without the % sign)',
    ]);
  });

  it('1,234 in a count() column', () => {
    expect(messages(validate(`${HEADER}\na,A,5,"1,234",${URL}\n`))).toEqual([
      'data/x.csv:2:4 tokens: expected a whole number of at least 0, got "1,234" (write the number without thousands separators)',
    ]);
  });

  it('NaN and inf', () => {
    expect(messages(validate(`${HEADER}\na,A,NaN,inf,${URL}\n`))).toEqual([
      'data/x.csv:2:3 rate: expected a number from 0 to 100, got "NaN" (write a finite number, or leave the cell empty if the column is optional())',
      'data/x.csv:2:4 tokens: expected a whole number of at least 0, got "inf" (write a finite number, or leave the cell empty if the column is optional())',
    ]);
  });

  it('an empty cell in a required column', () => {
    expect(messages(validate(`${HEADER}\na,,,,${URL}\n`))).toEqual([
      'data/x.csv:2:2 name: expected some text, got an empty cell (fill in the cell, or declare the column optional())',
      'data/x.csv:2:3 rate: expected a number from 0 to 100, got an empty cell (fill in the value, or declare the column optional() if it can be unknown)',
    ]);
  });

  it('a bad source_url', () => {
    expect(messages(validate(`${HEADER}\na,A,1,,javascript:alert(1)\nb,B,1,,ftp://example.com/x\nc,C,1,,papers/x.pdf\n`))).toEqual([
      'data/x.csv:2:5 source_url: expected an http(s) URL, got "javascript:alert(1)" (only http and https sources can be linked)',
      'data/x.csv:3:5 source_url: expected an http(s) URL, got "ftp://example.com/x" (only http and https sources can be linked)',
      'data/x.csv:4:5 source_url: expected an http(s) URL, got "papers/x.pdf" (write the full address, starting with https://)',
    ]);
  });

  it('uses the column position in the file, not in the schema', () => {
    expect(messages(validate(`source_url,rate,id,name,tokens\n${URL},96%,a,A,\n`))).toEqual([
      'data/x.csv:2:2 rate: expected a number from 0 to 100, got "96%" (write the number without the % sign)',
    ]);
  });

  it('uses the line of the row in the file after a multi-line cell', () => {
    expect(messages(validate(`${HEADER}\na,"two\nlines",1,,${URL}\nb,B,x,,${URL}\n`))).toEqual([
      'data/x.csv:4:3 rate: expected a number from 0 to 100, got "x"',
    ]);
  });

  it('collects the problems of every row', () => {
    const rows = Array.from({ length: 5 }, (_, i) => `r${i},A,${101 + i},,${URL}`).join('\n');
    expect(messages(validate(`${HEADER}\n${rows}\n`))).toHaveLength(5);
  });
});

describe('duplicate keys', () => {
  it('reports the second use with the line of the first', () => {
    expect(messages(validate(`${HEADER}\na,A,1,,${URL}\nb,B,2,,${URL}\na,C,3,,${URL}\n`))).toEqual([
      'data/x.csv:4:1 id: expected a unique id (it names the row), got "a", already used on line 2 (give each row its own key)',
    ]);
  });

  it('treats keys as text: 7 and 007 are different rows', () => {
    expect(typed(validate(`${HEADER}\n7,A,1,,${URL}\n007,B,2,,${URL}\n`)).rows.map((r) => r.id)).toEqual(['7', '007']);
  });
});

describe('header problems', () => {
  it('a misspelt column: "did you mean", once, not once per row', () => {
    expect(messages(validate(`id,nmae,rate,tokens,source_url\na,A,1,,${URL}\nb,B,2,,${URL}\n`))).toEqual([
      'data/x.csv:1:2 nmae: expected a column declared in the schema (id, name, rate, tokens, source_url), got unknown column "nmae" (did you mean "name"?)',
    ]);
  });

  it('a column in the wrong case', () => {
    expect(messages(validate(`id,Name,rate,tokens,source_url\na,A,1,,${URL}\n`))[0]).toContain('got unknown column "Name" (did you mean "name"?)');
  });

  it('a duplicated column', () => {
    expect(messages(validate(`${HEADER},name\na,A,1,,${URL},B\n`))).toEqual([
      'data/x.csv:1:6 name: expected each column name once, got a second column named "name" (remove or rename the duplicate column)',
    ]);
  });

  it('a missing column', () => {
    expect(messages(validate(`id,name,rate,source_url\na,A,1,${URL}\n`))).toEqual([
      'data/x.csv:1 tokens: expected a column named "tokens", got no such column in the header (add the column (cells may be empty only if the schema says optional()))',
    ]);
  });

  it('an unknown column unlike any expected one', () => {
    expect(messages(validate(`${HEADER},extra\na,A,1,,${URL},z\n`))).toEqual([
      'data/x.csv:1:6 extra: expected a column declared in the schema (id, name, rate, tokens, source_url), got unknown column "extra" (declare the column in the dataset schema, or remove it)',
    ]);
  });

  it('a renamed column still reports the column the schema expects', () => {
    // "dataset" is missing and "dataset_id" is unknown. The missing-column check skips "dataset"
    // because it is close to "dataset_id" ("already reported as a misspelling"), but the unknown
    // column's own check uses a stricter threshold and suggests nothing: "dataset" is never named.
    const schema = defineDataset({ key: 'id', description: 'd', columns: { id: text(), dataset: text(), source_url: sourceUrl() } });
    const all = messages(validate(`id,dataset_id,source_url\na,b,${URL}\n`, schema)).join('\n');
    expect(all).toContain('"dataset"');
  });
});

describe('suggestName', () => {
  it('suggests only names close enough to be a typo', () => {
    expect(suggestName('sorce_url', ['id', 'source_url'])).toBe('source_url');
    expect(suggestName('RATE', ['rate', 'name'])).toBe('rate');
    expect(suggestName('colour', ['id', 'source_url'])).toBeUndefined();
    expect(suggestName('x', [])).toBeUndefined();
  });
});

describe('a reserved column name', () => {
  it('__proto__ in the header is refused, and rows are not typed with it', () => {
    expect(messages(validate(`${HEADER},__proto__\na,A,1,,${URL},x\n`))).toEqual([
      'data/x.csv:1:6 __proto__: expected a column name other than "__proto__", got a reserved name (rename the column in the CSV and the schema)',
    ]);
  });
});

describe('a file with very many problems', () => {
  it(`stops after ${MAX_PROBLEMS_PER_FILE} problems, with a first line that says where it stopped`, () => {
    const rows = Array.from({ length: MAX_PROBLEMS_PER_FILE + 500 }, (_, i) => `r${i},A,101,,${URL}`).join('\n');
    const all = messages(validate(`${HEADER}\n${rows}\n`));
    expect(all).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(all.at(-1)).toBe(`data/x.csv expected at most 1000 problems in one file, got 1000 before line ${MAX_PROBLEMS_PER_FILE + 2} (the rest of the file was not checked; fix these, then run again)`);
    const result = validate(`${HEADER}\n${rows}\n`);
    expect(formatProblems(result.ok ? [] : result.problems).split('\n')[0]).toBe(all.at(-1));
  });

  it(`reports exactly ${MAX_PROBLEMS_PER_FILE} problems without the note when no rows are left`, () => {
    const rows = Array.from({ length: MAX_PROBLEMS_PER_FILE }, (_, i) => `r${i},A,101,,${URL}`).join('\n');
    expect(messages(validate(`${HEADER}\n${rows}\n`))).toHaveLength(MAX_PROBLEMS_PER_FILE);
  });
});
