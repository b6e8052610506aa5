/**
 * One time zone for every chart: UTC.
 *
 * Vega-Lite's plain time units (`month`, `yearmonth`), `time` scales, DateTime
 * objects and expression functions (`month(datum.t)`) use the local zone of
 * whoever runs Vega: the build machine for the static SVG, the reader for the
 * interactive chart. A monthly chart could then gain or lose a bar, and its
 * tooltips change, when it becomes interactive. So before compiling, the spec
 * is written in UTC terms (utc time units, utc scales, `utc: true` DateTimes,
 * utc expression functions), and date strings without a zone ("Jan 1 2000",
 * "2012-01-01 10:00") are read as UTC and written as ISO strings with "Z",
 * which every browser reads the same way. On a UTC machine nothing changes.
 *
 * A report may name another zone (`time_zone` in report.yaml, an IANA name such
 * as "America/New_York"). Vega still draws in UTC; instead, each instant in the
 * rows (a date string with "Z" or an offset, or a number of milliseconds) is
 * replaced at build time by its wall-clock time in that zone, written in UTC
 * terms, with the zone's offset on that date (so daylight saving time is right
 * on both sides of a change). Times written without a zone are wall-clock times
 * already and stay as written. Build and browser then draw the same marks, since
 * both draw the same shifted rows in UTC.
 */

const DATETIME_KEYS = new Set(['year', 'quarter', 'month', 'date', 'day', 'hours', 'minutes', 'seconds', 'milliseconds']);
// Local-time expression functions and their UTC twins (Vega's expression language).
const LOCAL_FUNCTIONS = /(?<![\w.$])(year|quarter|month|date|day|dayofyear|hours|minutes|seconds|milliseconds|week|datetime|timeFormat|timeParse|timeOffset|timeSequence|timeUnitSpecifier)(\s*\()/g;
const UTC_NAME: Record<string, string> = { datetime: 'utc', timeFormat: 'utcFormat', timeParse: 'utcParse', timeOffset: 'utcOffset', timeSequence: 'utcSequence' };
const EXPRESSION_KEYS = new Set(['calculate', 'filter', 'test', 'expr', 'labelExpr', 'update']);

const utcUnit = (unit: string) => (unit.startsWith('utc') ? unit : `utc${unit}`);

function utcExpression(expr: string): string {
  return expr.replace(LOCAL_FUNCTIONS, (_, name: string, paren: string) => `${UTC_NAME[name] ?? `utc${name}`}${paren}`);
}

// A DateTime's values are numbers, or names for months and days ("Jan", "Monday").
function isDateTime(node: Record<string, unknown>): boolean {
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every((k) => DATETIME_KEYS.has(k) && (typeof node[k] === 'number' || (typeof node[k] === 'string' && (k === 'month' || k === 'day'))));
}

/** The spec in UTC terms (a copy; the input is not changed). */
export function specInUtc(node: unknown, key = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => specInUtc(item, key));
  if (typeof node === 'string') return EXPRESSION_KEYS.has(key) ? utcExpression(node) : node;
  if (typeof node !== 'object' || node === null) return node;
  if (key === 'values' || key === 'datasets') return node; // rows are data
  const object = node as Record<string, unknown>;
  // A parse maps field names to types: {"date": "date"} is not a DateTime.
  if (key !== 'parse' && isDateTime(object)) return { ...object, utc: true };
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(object)) {
    // Patterned date parses ("date:'%m/%d/%Y'") read local time; "utc:" reads the same pattern as UTC.
    if (key === 'parse' && typeof value === 'string' && value.startsWith('date:')) out[k] = `utc:${value.slice(5)}`;
    else if (k === 'timeUnit' && typeof value === 'string') out[k] = utcUnit(value);
    else if (k === 'timeUnit' && typeof value === 'object' && value !== null) {
      const params = value as { unit?: unknown };
      out[k] = typeof params.unit === 'string' ? { ...params, unit: utcUnit(params.unit) } : { ...params, utc: true };
    } else out[k] = specInUtc(value, k);
  }
  // A temporal field without a time unit gets a time scale, in local time: make it utc. Channels
  // without a scale (tooltip, text) format it in local time unless its time unit says utc.
  if (object.type === 'temporal' && typeof object.field === 'string' && object.timeUnit === undefined && (key === 'tooltip' || key === 'text')) {
    // The whole date and time, read in UTC; shown as Vega-Lite would show the field ("Jan 01, 2012").
    // The finest unit Vega-Lite's schema allows in a field definition (a published spec must validate).
    out.timeUnit = 'utcyearmonthdatehoursminutesseconds';
    if (object.format === undefined) out.format = '%b %d, %Y';
    if (object.title === undefined) out.title = object.field;
  } else if (object.type === 'temporal' && typeof object.field === 'string' && object.scale !== null && key !== 'tooltip' && key !== 'text') {
    const scale = (out.scale ?? {}) as Record<string, unknown>;
    if (scale.type === undefined || scale.type === 'time') out.scale = { ...scale, type: 'utc' };
  } else if (key === 'scale' && object.type === 'time') out.type = 'utc';
  return out;
}

/** Fields the spec reads as dates: temporal encodings, time units, date parses. */
export function temporalFields(spec: unknown): Set<string> {
  const fields = new Set<string>();
  const visit = (node: unknown, key: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, key));
    if (typeof node !== 'object' || node === null || key === 'values' || key === 'datasets') return;
    const object = node as Record<string, unknown>;
    if (typeof object.field === 'string' && (object.type === 'temporal' || object.timeUnit !== undefined)) fields.add(object.field);
    if (key === 'parse') for (const [field, type] of Object.entries(object)) if (typeof type === 'string' && /date/.test(type) && !/:/.test(type)) fields.add(field);
    for (const [k, v] of Object.entries(object)) visit(v, k);
  };
  visit(spec, '');
  return fields;
}

// Strings every engine reads the same way: ISO dates without a time (UTC by the standard) or with an explicit zone.
const UNAMBIGUOUS = /^\d{4}(-\d{2}(-\d{2})?)?$|(Z|[+-]\d{2}:?\d{2})$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for a time zone the build can convert to (an IANA name Node's ICU knows, or "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `zone` of the instant `ms`, as milliseconds in UTC terms (what Vega, drawing in UTC, shows as that time). */
export function wallClockMs(ms: number, zone: string): number {
  if (zone === 'UTC' || !Number.isFinite(ms)) return ms;
  let format = formatters.get(zone);
  if (!format) formatters.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' })));
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), ((ms % 1000) + 1000) % 1000);
  return wall.getTime();
}

const DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** A cell of a date field as Vega should read it in `zone`: zone-less strings as written (UTC terms), instants as their wall-clock time there. */
export function zonedDateValue(value: unknown, zone: string): unknown {
  if (typeof value === 'number') return zone === 'UTC' ? value : wallClockMs(value, zone);
  if (typeof value !== 'string') return value;
  if (zone === 'UTC' || DATE_ONLY.test(value.trim()) || !WITH_ZONE.test(value.trim())) return utcDateString(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(wallClockMs(ms, zone)).toISOString();
}

/** A date string without a zone, read as UTC, as an ISO string with "Z"; anything else as it was. */
export function utcDateString(value: string): string {
  if (UNAMBIGUOUS.test(value.trim())) return value;
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) ? Date.parse(`${value.replace(' ', 'T')}Z`) : Date.parse(`${value} UTC`);
  return Number.isNaN(iso) ? value : new Date(iso).toISOString();
}

/** Rows with the date values of `fields` as Vega should read them in `zone` (zonedDateValue; new rows only where something changed). */
export function rowsInUtc<T extends Record<string, unknown>>(rows: T[], fields: ReadonlySet<string>, zone = 'UTC'): T[] {
  if (fields.size === 0) return rows;
  let changed = false;
  const out = rows.map((row) => {
    let copy: T | undefined;
    for (const field of fields) {
      const value = row[field];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const utc = zonedDateValue(value, zone);
      if (utc !== value) (copy ??= { ...row })[field as keyof T] = utc as T[keyof T];
    }
    if (copy) changed = true;
    return copy ?? row;
  });
  return changed ? out : rows;
}

/** Rows inlined in a bound spec (data.values, datasets), their dates of `fields` as Vega should read them in `zone`. */
function valuesInUtc(node: unknown, fields: ReadonlySet<string>, zone: string): unknown {
  if (Array.isArray(node)) return node.map((n) => valuesInUtc(n, fields, zone));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(node)) {
    if ((k === 'values' || k === 'datasets') && value !== null && typeof value === 'object') {
      const rows = (v: unknown) => (Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null) ? rowsInUtc(v as Record<string, unknown>[], fields, zone) : v);
      out[k] = k === 'values' ? rows(value) : Object.fromEntries(Object.entries(value).map(([name, v]) => [name, rows(v)]));
    } else out[k] = valuesInUtc(value, fields, zone);
  }
  return out;
}

/** A bound spec (rows inlined) that draws the same in every time zone: UTC terms, date values as read in `zone` (the report's, default UTC). */
export function chartInUtc(spec: Record<string, unknown>, zone = 'UTC'): Record<string, unknown> {
  const fields = temporalFields(spec);
  return specInUtc(valuesInUtc(spec, fields, zone)) as Record<string, unknown>;
}

/** Expressions that make an instant when the chart is viewed (`now()`): the build cannot shift those into another zone. */
export function usesNow(node: unknown, key = ''): boolean {
  if (Array.isArray(node)) return node.some((n) => usesNow(n, key));
  if (typeof node === 'string') return EXPRESSION_KEYS.has(key) && /(?<![\w.$])now\s*\(/.test(node);
  if (typeof node !== 'object' || node === null || key === 'values' || key === 'datasets') return false;
  return Object.entries(node).some(([k, v]) => usesNow(v, k));
}
