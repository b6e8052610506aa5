/**
 * Rows -> CSV text for downloads (papaparse). Text cells that a spreadsheet
 * would run as a formula (starting with = + - @ tab or CR) get a leading
 * apostrophe; numbers stay numbers.
 */
import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): unknown {
  // A nested array or object (rows written in a spec) is written as its JSON text.
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) return neutraliseCell(JSON.stringify(value));
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  return value;
}

export function writeCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const data = rows.map((row) => columns.map((c) => neutraliseCell(row[c] ?? '')));
  // escapeFormulae is off: we neutralise text cells ourselves so negative numbers are not quoted.
  return `${Papa.unparse({ fields: columns, data }, { newline: '\r\n' })}\r\n`;
}
