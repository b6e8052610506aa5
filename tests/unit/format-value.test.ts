import { describe, expect, it } from 'vitest';
import { formatDay, formatValue } from '../../src/output/format-value.ts';

describe('formatValue', () => {
  it.each([
    [21.4, 'percent', '21.4%'],
    [0.1 + 0.2, 'percent', '0.3%'],
    [100, 'percent', '100%'],
    [28, 'factor', '28×'],
    [2.345, 'factor', '2.35×'],
    [85_000_000, 'tokens', '85M'],
    [1_500, 'tokens', '1.5K'],
    [300_000_000, 'tokens', '300M'],
    [1e12, 'tokens', '1T'],
    [999, 'tokens', '999'],
    [1234.567, 'number', '1,234.57'],
    [-3, 'number', '-3'],
    [3, 'text', '3'],
  ] as const)('%s as %s -> %j', (value, format, text) => {
    expect(formatValue(value, format)).toBe(text);
  });

  it('prints a missing value as n/a', () => {
    expect(formatValue(null, 'percent')).toBe('n/a');
    expect(formatValue(undefined, 'number')).toBe('n/a');
  });

  it('prints text as written, whatever the format', () => {
    expect(formatValue('007', 'number')).toBe('007');
    expect(formatValue('about 3', 'percent')).toBe('about 3');
  });
});

describe('formatDay', () => {
  it('prints a date as the pages do, in UTC, in the report\'s language', () => {
    expect(formatDay('en', '2026-03-02T00:00:00Z')).toBe('2 March 2026');
    // Late in the day in UTC is still that day, wherever the build runs.
    expect(formatDay('en', '2026-03-02T23:59:00Z')).toBe('2 March 2026');
    expect(formatDay('de', '2026-03-02T00:00:00Z')).toBe('2. März 2026');
  });
});
