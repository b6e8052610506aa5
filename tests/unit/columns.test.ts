import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bound, cellParserOf, confidence, count, defineDataset, isRejection, number, oneOf, optional, percent, sourceUrl, text, type CellRejection, type Column } from '../../src/pipeline/columns.ts';

/** The value a column makes of a cell, or the `{expected, fix}` it rejects the cell with. */
function read<T>(column: Column<T>, raw: string): { value: T } | { rejected: CellRejection } {
  const result = column.safeParse(raw);
  if (result.success) return { value: result.data };
  const issue = result.error.issues[0] as { params?: CellRejection } | undefined;
  const params = issue?.params;
  return { rejected: { expected: params?.expected ?? '(no params)', ...(params?.fix ? { fix: params.fix } : {}) } };
}

describe('number()', () => {
  it('reads plainly written numbers', () => {
    expect(read(number(), '12')).toEqual({ value: 12 });
    expect(read(number(), '-0.5')).toEqual({ value: -0.5 });
    expect(read(number(), '.5')).toEqual({ value: 0.5 });
    expect(read(number(), '+3e2')).toEqual({ value: 300 });
  });

  it.each([
    ['96%', 'write the number without the % sign'],
    ['1,234', 'write the number without thousands separators'],
    ['1,234,567.5', 'write the number without thousands separators'],
    ['3,5', 'use a dot as the decimal separator'],
    ['NaN', 'write a finite number, or leave the cell empty if the column is optional()'],
    ['inf', 'write a finite number, or leave the cell empty if the column is optional()'],
    ['-Infinity', 'write a finite number, or leave the cell empty if the column is optional()'],
    [' 5', 'remove the spaces around the number'],
    ['5 ', 'remove the spaces around the number'],
    ['', 'fill in the value, or declare the column optional() if it can be unknown'],
    ['1e999', 'write a finite number'],
  ])('rejects %j with the fix %j', (raw, fix) => {
    expect(read(number(), raw)).toEqual({ rejected: { expected: 'a number', fix } });
  });

  it('rejects words without guessing a fix', () => {
    expect(read(number(), 'about 3')).toEqual({ rejected: { expected: 'a number' } });
  });

  it('says the bounds and whole-number rule in what it expects', () => {
    expect(read(number({ min: 1, max: 5 }), '6')).toEqual({ rejected: { expected: 'a number from 1 to 5' } });
    expect(read(number({ max: 5 }), '6')).toEqual({ rejected: { expected: 'a number of at most 5' } });
    expect(read(number({ integer: true }), '2.5')).toEqual({ rejected: { expected: 'a whole number', fix: 'write a whole number' } });
  });

  it('names the unit when it is written in the cell', () => {
    expect(read(number({ unit: 'tokens' }), '5 tokens')).toEqual({ rejected: { expected: 'a number', fix: 'write the number without the unit "tokens"' } });
  });
});

describe('percent() and count()', () => {
  it('percent() takes 0 to 100 without a % sign', () => {
    expect(read(percent(), '0')).toEqual({ value: 0 });
    expect(read(percent(), '100')).toEqual({ value: 100 });
    expect(read(percent(), '21.4')).toEqual({ value: 21.4 });
    expect(read(percent(), '101')).toEqual({ rejected: { expected: 'a number from 0 to 100' } });
    expect(read(percent(), '96%')).toEqual({ rejected: { expected: 'a number from 0 to 100', fix: 'write the number without the % sign' } });
    expect(percent().columnInfo).toMatchObject({ type: 'number', unit: '%', optional: false });
  });

  it('count() takes non-negative whole numbers', () => {
    expect(read(count(), '30000000')).toEqual({ value: 30000000 });
    expect(read(count(), '-1')).toEqual({ rejected: { expected: 'a whole number of at least 0' } });
    expect(read(count(), '1.5')).toEqual({ rejected: { expected: 'a whole number of at least 0', fix: 'write a whole number' } });
  });
});

describe('text() and oneOf()', () => {
  it('keeps text exactly as written: 007 stays the string "007"', () => {
    expect(read(text(), '007')).toEqual({ value: '007' });
    expect(read(text(), ' spaced ')).toEqual({ value: ' spaced ' });
    expect(read(text(), '1e3')).toEqual({ value: '1e3' });
  });

  it('rejects an empty or blank cell', () => {
    const rejected = { rejected: { expected: 'some text', fix: 'fill in the cell, or declare the column optional()' } };
    expect(read(text(), '')).toEqual(rejected);
    expect(read(text(), '   ')).toEqual(rejected);
  });

  it('oneOf() accepts only the exact values and suggests the right spelling', () => {
    const col = oneOf(['low', 'high']);
    expect(read(col, 'high')).toEqual({ value: 'high' });
    expect(read(col, 'High ')).toEqual({ rejected: { expected: 'one of "low", "high"', fix: 'write it exactly as "high"' } });
    expect(read(col, 'medium')).toEqual({ rejected: { expected: 'one of "low", "high"' } });
  });

  it('confidence() lists the four levels', () => {
    expect(read(confidence(), 'primary_figure_alt')).toEqual({ value: 'primary_figure_alt' });
    expect(read(confidence(), 'guess')).toEqual({ rejected: { expected: 'one of "primary", "primary_figure_alt", "secondary", "inferred"' } });
  });
});

describe('sourceUrl()', () => {
  it('accepts http and https addresses as written', () => {
    expect(read(sourceUrl(), 'https://example.com/paper?x=1#s2')).toEqual({ value: 'https://example.com/paper?x=1#s2' });
    expect(read(sourceUrl(), 'http://example.com/')).toEqual({ value: 'http://example.com/' });
  });

  it.each([
    ['javascript:alert(1)', 'only http and https sources can be linked'],
    ['ftp://example.com/data.csv', 'only http and https sources can be linked'],
    ['data:text/html,<script>x</script>', 'only http and https sources can be linked'],
    ['/papers/x.pdf', 'write the full address, starting with https://'],
    ['example.com/x', 'write the full address, starting with https://'],
    ['', 'every row needs the address of its source'],
    [' https://example.com/', 'remove the spaces around the address'],
  ])('rejects %j (%s)', (raw, fix) => {
    expect(read(sourceUrl(), raw)).toEqual({ rejected: { expected: 'an http(s) URL', fix } });
  });
});

describe('optional()', () => {
  it('turns an empty cell into null and reads the rest like the inner column', () => {
    const col = optional(percent());
    expect(read(col, '')).toEqual({ value: null });
    expect(read(col, '15')).toEqual({ value: 15 });
    expect(col.columnInfo).toMatchObject({ type: 'number', unit: '%', optional: true });
  });

  it('keeps the inner column\'s expected and fix', () => {
    expect(read(optional(percent()), '96%')).toEqual({ rejected: { expected: 'a number from 0 to 100', fix: 'write the number without the % sign' } });
  });

  it('rejects a blank (spaces only) cell without telling to declare the column optional(), which it already is', () => {
    for (const col of [optional(count()), optional(text())] as Column<unknown>[]) {
      const result = read(col, ' ');
      expect(result).toHaveProperty('rejected');
      expect('rejected' in result ? result.rejected.fix : '').not.toContain('declare the column optional()');
    }
  });
});

describe('defineDataset()', () => {
  it('types a whole row from strings', () => {
    const dataset = defineDataset({
      key: 'id',
      description: 'Test rows',
      columns: { id: text(), rate: percent(), tokens: optional(count('tokens')), source_url: sourceUrl() },
    });
    expect(dataset.rowSchema.parse({ id: '007', rate: '22', tokens: '', source_url: 'https://example.com/' })).toEqual({
      id: '007',
      rate: 22,
      tokens: null,
      source_url: 'https://example.com/',
    });
  });
});

describe('bound()', () => {
  it('marks a value column\'s cells as lower or upper bounds; empty means exact', () => {
    const column = bound('rate');
    expect(column.columnInfo).toMatchObject({ type: 'bound', boundOf: 'rate', optional: true });
    expect(read(column, 'lower')).toEqual({ value: 'lower' });
    expect(read(column, 'upper')).toEqual({ value: 'upper' });
    expect(read(column, '')).toEqual({ value: null });
    expect(read(column, 'Lower')).toEqual({ rejected: { expected: 'one of "lower", "upper"', fix: 'write it exactly as "lower"' } });
  });

  it('must name another column of the dataset, or the schema does not load', () => {
    const columns = { id: text(), rate: percent(), rate_bound: bound('rat'), source_url: sourceUrl() };
    expect(() => defineDataset({ key: 'id', description: 'Test rows', columns })).toThrow('column rate_bound: bound("rat") must name another column of this dataset (id, rate, rate_bound, source_url)');
  });
});

describe('leading zeros in a number column', () => {
  it('"007" is a code, not 7: rejected with a fix that points at text()', () => {
    const fix = 'write the number without leading zeros, or declare the column text() if it is a code like "007"';
    expect(read(number(), '007')).toEqual({ rejected: { expected: 'a number', fix } });
    expect(read(count(), '-01')).toEqual({ rejected: { expected: 'a whole number of at least 0', fix } });
    expect(read(percent(), '012.5')).toEqual({ rejected: { expected: 'a number from 0 to 100', fix } });
  });

  it('a single zero before the point is fine', () => {
    expect(read(number(), '0')).toEqual({ value: 0 });
    expect(read(number(), '0.25')).toEqual({ value: 0.25 });
    expect(read(number(), '-0.5')).toEqual({ value: -0.5 });
    expect(read(number(), '0e3')).toEqual({ value: 0 });
  });
});

describe('the plain cell parser behind each column (used for large files)', () => {
  const columns: Record<string, Column<unknown>> = {
    'number()': number(),
    'number({ min, max, integer, unit })': number({ min: -5, max: 5, integer: true, unit: 'tokens' }),
    'percent()': percent(),
    'count()': count('tokens'),
    'text()': text(),
    'oneOf()': oneOf(['low', 'high']),
    'sourceUrl()': sourceUrl(),
    'confidence()': confidence(),
    'optional(percent())': optional(percent()),
    'optional(text())': optional(text()),
    'optional(sourceUrl())': optional(sourceUrl()),
  };
  const cell = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom('0', '1', '7', '.', ',', '-', '+', 'e', '%', ' ', 'a', 'high', 'low', 'https://', 'x.org', 'NaN', 'inf', '\t') }),
    fc.double().map(String),
    fc.constantFrom('', ' ', '007', '96%', '1,234', 'primary', 'High ', 'https://example.com/a', 'javascript:alert(1)'),
  );

  it.each(Object.entries(columns))('%s gives exactly what its zod schema gives', (_name, column) => {
    const parse = cellParserOf(column)!;
    expect(parse).toBeTypeOf('function');
    fc.assert(
      fc.property(cell, (raw) => {
        const fast = parse(raw);
        expect(isRejection(fast) ? { rejected: { expected: fast.expected, ...(fast.fix ? { fix: fast.fix } : {}) } } : { value: fast }).toEqual(read(column, raw));
      }),
      { numRuns: 300 },
    );
  });

  it('a column made with plain zod has no plain parser (it is validated with zod)', () => {
    expect(cellParserOf(z.string())).toBeUndefined();
    expect(cellParserOf(optional(z.string() as unknown as Column<string>))).toBeUndefined();
  });
});
