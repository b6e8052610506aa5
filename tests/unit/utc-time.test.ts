import { describe, expect, it } from 'vitest';
import { chartInUtc, isTimeZone, specInUtc, usesNow, utcDateString, wallClockMs, zonedDateValue } from '../../src/pipeline/utc-time.ts';

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

describe('a report-level time zone: instants shown as wall-clock times there, drawn in UTC', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  it('the zone\'s offset on each date, across daylight saving time', () => {
    // New York: EST (UTC-5) in January, EDT (UTC-4) in July; the change on 2024-03-10 at 02:00 local.
    expect(iso(wallClockMs(Date.parse('2024-01-15T12:00:00Z'), 'America/New_York'))).toBe('2024-01-15T07:00:00.000Z');
    expect(iso(wallClockMs(Date.parse('2024-07-15T12:00:00Z'), 'America/New_York'))).toBe('2024-07-15T08:00:00.000Z');
    expect(iso(wallClockMs(Date.parse('2024-03-10T06:59:59.250Z'), 'America/New_York'))).toBe('2024-03-10T01:59:59.250Z');
    expect(iso(wallClockMs(Date.parse('2024-03-10T07:00:00Z'), 'America/New_York'))).toBe('2024-03-10T03:00:00.000Z');
    // Half-hour zones, the southern hemisphere, dates before 1970, and UTC itself.
    expect(iso(wallClockMs(Date.parse('2024-01-15T12:00:00Z'), 'Asia/Kolkata'))).toBe('2024-01-15T17:30:00.000Z');
    expect(iso(wallClockMs(Date.parse('2024-01-15T12:00:00Z'), 'Australia/Sydney'))).toBe('2024-01-15T23:00:00.000Z');
    expect(iso(wallClockMs(Date.parse('1950-06-01T00:00:00Z'), 'Europe/London'))).toBe('1950-06-01T01:00:00.000Z');
    expect(wallClockMs(123456789, 'UTC')).toBe(123456789);
  });

  it('shifts instants (a zone or offset, or milliseconds); keeps dates and zone-less times as written', () => {
    const ny = (v: unknown) => zonedDateValue(v, 'America/New_York');
    expect(ny('2024-01-15T12:00:00Z')).toBe('2024-01-15T07:00:00.000Z');
    expect(ny('2024-01-15T12:00:00+01:00')).toBe('2024-01-15T06:00:00.000Z');
    expect(ny(Date.parse('2024-01-15T12:00:00Z'))).toBe(Date.parse('2024-01-15T07:00:00Z'));
    expect(ny('2024-01-15')).toBe('2024-01-15');
    expect(ny('2024-01-15 12:00')).toBe('2024-01-15T12:00:00.000Z');
    expect(ny('not a date')).toBe('not a date');
    // In UTC nothing changes but the zone-less strings, as before the setting.
    expect(zonedDateValue('2024-01-15T12:00:00Z', 'UTC')).toBe('2024-01-15T12:00:00Z');
    expect(zonedDateValue(5, 'UTC')).toBe(5);
  });

  it('rewrites the date fields of a bound spec\'s rows, not its other fields', () => {
    const spec = { data: { values: [{ t: '2024-07-15T12:00:00Z', label: '2024-07-15T12:00:00Z', ms: 0 }] }, mark: 'point', encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'ms', timeUnit: 'hours' }, text: { field: 'label', type: 'nominal' } } };
    expect((chartInUtc(spec, 'America/New_York').data as { values: unknown[] }).values).toEqual([{ t: '2024-07-15T08:00:00.000Z', label: '2024-07-15T12:00:00Z', ms: -5 * 3600_000 }]);
  });

  it('knows IANA names and now()', () => {
    expect(['UTC', 'America/New_York', 'Asia/Tokyo', 'Etc/GMT+5'].every(isTimeZone)).toBe(true);
    expect(['local', 'EST5EDT-ish', 'Mars/Olympus_Mons', ''].some(isTimeZone)).toBe(false);
    expect(usesNow({ transform: [{ calculate: 'now() - datum.t', as: 'age' }] })).toBe(true);
    expect(usesNow({ data: { values: [{ calculate: 'now()' }] }, transform: [{ calculate: 'datum.now', as: 'n' }] })).toBe(false);
  });
});
