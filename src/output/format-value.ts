/** How a number from a dataset is printed in prose, tables and the findings summary. */
import type { ValueFormat } from '../schemas/value.ts';

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Format a cell for reading: 21.4 -> "21.4%", 28 -> "28×", 85000000 -> "85M". */
export function formatValue(value: unknown, format: ValueFormat): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value !== 'number') return String(value);
  switch (format) {
    case 'percent':
      return `${plain.format(value)}%`;
    case 'factor':
      return `${plain.format(value)}×`;
    case 'integer':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
    case 'tokens':
      return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    case 'text':
    case 'number':
      return plain.format(value);
  }
}

// One formatter per language for the whole build: making one (and its first format) costs
// milliseconds, and every page prints two dates.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A date as the pages print it ("2 March 2026" in English), from an ISO date-time, in UTC. */
export function formatDay(lang: string, iso: string): string {
  const locale = lang === 'en' ? 'en-GB' : lang;
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return format.format(new Date(iso));
}
