import { describe, expect, it } from 'vitest';
import { formatProblem, formatProblems, quote, ReportError, sortProblems, type Problem } from '../../src/errors/report-error.ts';

describe('formatProblem', () => {
  it('writes file:line:col field: expected X, got Y (fix)', () => {
    const p: Problem = { file: 'data/x.csv', line: 2, column: 3, field: 'rate', expected: 'a number from 0 to 100', found: '"96%"', fix: 'write the number without the % sign' };
    expect(formatProblem(p)).toBe('data/x.csv:2:3 rate: expected a number from 0 to 100, got "96%" (write the number without the % sign)');
  });

  it('leaves out the parts a problem does not have', () => {
    expect(formatProblem({ file: 'data/x.csv', expected: 'a header row naming the columns' })).toBe('data/x.csv expected a header row naming the columns');
    expect(formatProblem({ file: 'data/x.csv', line: 4, expected: 'UTF-8 text', found: 'bytes that are not UTF-8' })).toBe('data/x.csv:4 expected UTF-8 text, got bytes that are not UTF-8');
    expect(formatProblem({ file: 'f.json', field: 'title', expected: 'a title', fix: '' })).toBe('f.json title: expected a title');
  });

  it('never prints a column without a line', () => {
    expect(formatProblem({ file: 'f.csv', column: 7, expected: 'x' })).toBe('f.csv expected x');
  });
});

describe('formatProblems', () => {
  it('sorts by file, then line, then column', () => {
    const problems: Problem[] = [
      { file: 'data/b.csv', line: 1, expected: 'b1' },
      { file: 'data/a.csv', line: 10, column: 2, expected: 'a10c2' },
      { file: 'data/a.csv', line: 10, column: 1, expected: 'a10c1' },
      { file: 'data/a.csv', line: 2, expected: 'a2' },
    ];
    expect(formatProblems(problems).split('\n')).toEqual([
      'data/a.csv:2 expected a2',
      'data/a.csv:10:1 expected a10c1',
      'data/a.csv:10:2 expected a10c2',
      'data/b.csv:1 expected b1',
    ]);
  });

  it('shows at most 50 problems and counts the rest', () => {
    const problems = Array.from({ length: 53 }, (_, i): Problem => ({ file: 'data/x.csv', line: i + 2, expected: 'a number' }));
    const lines = formatProblems(problems).split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[49]).toBe('data/x.csv:51 expected a number');
    expect(lines[50]).toBe('... and 3 more problems');
  });

  it('says "problem" for a single one left over', () => {
    const problems = Array.from({ length: 3 }, (_, i): Problem => ({ file: 'f', line: i + 1, expected: 'x' }));
    expect(formatProblems(problems, 2).split('\n').at(-1)).toBe('... and 1 more problem');
  });

  it('does not reorder the caller\'s array', () => {
    const problems: Problem[] = [{ file: 'b', expected: 'x' }, { file: 'a', expected: 'x' }];
    sortProblems(problems);
    expect(problems.map((p) => p.file)).toEqual(['b', 'a']);
  });
});

describe('quote and ReportError', () => {
  it('quotes values so empty and whitespace values are visible, and shortens long ones', () => {
    expect(quote('')).toBe('""');
    expect(quote(' 5')).toBe('" 5"');
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('x'.repeat(70))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('ReportError carries its problems and prints them all', () => {
    const problems: Problem[] = [{ file: 'data/x.csv', line: 3, expected: 'b' }, { file: 'data/x.csv', line: 2, expected: 'a' }];
    const error = new ReportError(problems);
    expect(error).toBeInstanceOf(Error);
    expect(error.problems).toBe(problems);
    expect(error.message).toBe('data/x.csv:2 expected a\ndata/x.csv:3 expected b');
  });
});
