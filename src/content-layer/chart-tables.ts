/**
 * The "Show data" tables of a chart: each dataset it reads (for a large dataset, rows in DuckDB,
 * the rows the chart draws), then each table written in its spec; each with the CSV download it matches.
 */
import type { TableDataset } from '../output/data-table-html.ts';
import type { ChartEntry, DatasetEntry } from './entries.ts';

export function chartTables(datasets: DatasetEntry[], drawn: Record<string, unknown>[] | undefined): DatasetEntry[] {
  return datasets.map((table) => {
    if (!table.large || !drawn) return table;
    const names = [...new Set(drawn.flatMap((row) => Object.keys(row)))];
    const known = new Map(table.columns.map((c) => [c.name, c]));
    return { ...table, rows: drawn, columns: names.map((name) => known.get(name) ?? { name, info: { type: 'number', optional: true } }) };
  });
}

export const drawnRows = (standaloneSpec: Record<string, unknown>) => (standaloneSpec.data as { values?: Record<string, unknown>[] } | undefined)?.values;

/** One "Show data" part: the table, and the suffix of its CSV (`/charts/<id><csv>.csv`). */
export interface ShowDataPart {
  table: TableDataset;
  csv: string;
}

/** The parts of a chart's "Show data", in the same order on the page and in `/charts/<id>.table.html`. */
export function showDataParts(chart: Pick<ChartEntry, 'downloads' | 'standaloneSpec'>, datasets: DatasetEntry[]): ShowDataPart[] {
  const csvOf = (name: string) => {
    const i = chart.downloads.findIndex((d) => d.name === name);
    return i <= 0 ? '' : `.${chart.downloads[i]!.name}`;
  };
  const files = chartTables(datasets, drawnRows(chart.standaloneSpec)).map((table) => ({ table, csv: csvOf(table.name) }));
  const inline = chart.downloads.flatMap((d) => (d.inline ? [{ table: { description: d.inline.description, columns: d.inline.columns, rows: d.rows }, csv: csvOf(d.name) }] : []));
  return [...files, ...inline];
}
