import { describe, expect, it } from 'vitest';
import { chartInUtc, specInUtc, utcDateString } from '../../src/pipeline/utc-time.ts';

describe('charts are written in UTC terms', () => {
  it('time units, time scales, DateTimes, date parses and expression functions', () => {
    const spec = {
      transform: [
        { calculate: "month(datum.d) + datum.month + timeFormat(datum.d, '%b') + datetime(2012, 0, 1)", as: 'm' },
        { filter: { field: 'd', range: [{ year: 2000 }, { year: 2001, month: 2 }] } },
        { timeUnit: 'month', field: 'd', as: 'md' },
      ],
      encoding: {
        x: { field: 'd', type: 'temporal' },
        y: { field: 'd', timeUnit: 'yearmonth', type: 'ordinal' },
        color: { field: 'd', timeUnit: { unit: 'month', step: 2 } },
        size: { field: 'd', type: 'temporal', scale: { type: 'time', nice: true } },
      },
      data: { values: [], format: { parse: { d: "date:'%m/%d/%Y'", e: 'utc:%Y' } } },
    };
    expect(specInUtc(spec)).toEqual({
      transform: [
        { calculate: "utcmonth(datum.d) + datum.month + utcFormat(datum.d, '%b') + utc(2012, 0, 1)", as: 'm' },
        { filter: { field: 'd', range: [{ year: 2000, utc: true }, { year: 2001, month: 2, utc: true }] } },
        { timeUnit: 'utcmonth', field: 'd', as: 'md' },
      ],
      encoding: {
        x: { field: 'd', type: 'temporal', scale: { type: 'utc' } },
        y: { field: 'd', timeUnit: 'utcyearmonth', type: 'ordinal' },
        color: { field: 'd', timeUnit: { unit: 'utcmonth', step: 2 } },
        size: { field: 'd', type: 'temporal', scale: { type: 'utc', nice: true } },
      },
      data: { values: [], format: { parse: { d: "utc:'%m/%d/%Y'", e: 'utc:%Y' } } },
    });
  });

  it('a parse that names a field "date" or "month" is not a DateTime', () => {
    const spec = { data: { values: [], format: { parse: { date: 'date', month: 'number' } } }, mark: 'point' };
    expect(specInUtc(spec)).toEqual(spec);
  });

  it('leaves a spec without time as it was', () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative', scale: { domain: [0, 100] } } } };
    expect(chartInUtc(spec)).toEqual(spec);
  });

  it('reads zone-less date strings as UTC, keeps the unambiguous ones', () => {
    expect(utcDateString('Jan 1 2000')).toBe('2000-01-01T00:00:00.000Z');
    expect(utcDateString('2012/01/05')).toBe('2012-01-05T00:00:00.000Z');
    expect(utcDateString('2012-01-01 10:00')).toBe('2012-01-01T10:00:00.000Z');
    for (const kept of ['2012-01-01', '2012', '2012-01-01T10:00:00Z', '2012-01-01T10:00:00+09:00', 'not a date']) expect(utcDateString(kept)).toBe(kept);
  });

  it('rewrites only the date fields of the inlined rows', () => {
    const spec = { data: { values: [{ d: 'Jan 1 2000', label: 'Jan 1 2000' }] }, mark: 'point', encoding: { x: { field: 'd', type: 'temporal' }, text: { field: 'label', type: 'nominal' } } };
    expect((chartInUtc(spec).data as { values: unknown[] }).values).toEqual([{ d: '2000-01-01T00:00:00.000Z', label: 'Jan 1 2000' }]);
  });
});
