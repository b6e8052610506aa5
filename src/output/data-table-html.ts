/**
 * A dataset as the HTML of the "Show data" table (`/data/<name>.table.html`),
 * fetched by the page when a reader opens "Show data": every cell escaped as
 * text, links only to the http(s) URLs the schema checked.
 */
import { formatValue } from './format-value.ts';

// A table past this many rows stops helping; the CSV download has them all.
export const MAX_TABLE_ROWS = 200;

export interface TableDataset {
  description: string;
  columns: { name: string; info: { type: string; unit?: string } }[];
  rows: Record<string, unknown>[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cell(value: unknown, type: string): string {
  if (type === 'url' && typeof value === 'string') return `<td><a href="${escapeHtml(value)}">${escapeHtml(new URL(value).hostname)}</a></td>`;
  if (typeof value === 'number') return `<td class="num">${escapeHtml(formatValue(value, 'number'))}</td>`;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) return `<td><code>${escapeHtml(JSON.stringify(value))}</code></td>`;
  return `<td>${value === null || value === undefined ? '' : escapeHtml(String(value))}</td>`;
}

export function dataTableHtml(dataset: TableDataset): string {
  const head = dataset.columns.map((c) => `<th scope="col">${escapeHtml(c.name)}${c.info.unit ? ` (${escapeHtml(c.info.unit)})` : ''}</th>`).join('');
  const body = dataset.rows
    .slice(0, MAX_TABLE_ROWS)
    .map((row) => `<tr>${dataset.columns.map((c) => cell(row[c.name], c.info.type)).join('')}</tr>`)
    .join('\n');
  const more = dataset.rows.length > MAX_TABLE_ROWS ? `\n<p>Showing ${MAX_TABLE_ROWS} of ${dataset.rows.length.toLocaleString('en-US')} rows; the CSV download has them all.</p>` : '';
  return `<table><caption>${escapeHtml(dataset.description)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${more}\n`;
}
