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
