/** The "Show data" tables of a chart: each dataset it reads, or for a large dataset (rows in DuckDB) the rows the chart draws. */
import type { DatasetEntry } from './entries.ts';

export function chartTables(datasets: DatasetEntry[], drawn: Record<string, unknown>[] | undefined): DatasetEntry[] {
  return datasets.map((table) => {
    if (!table.large || !drawn) return table;
    const names = [...new Set(drawn.flatMap((row) => Object.keys(row)))];
    const known = new Map(table.columns.map((c) => [c.name, c]));
    return { ...table, rows: drawn, columns: names.map((name) => known.get(name) ?? { name, info: { type: 'number', optional: true } }) };
  });
}

export const drawnRows = (standaloneSpec: Record<string, unknown>) => (standaloneSpec.data as { values?: Record<string, unknown>[] } | undefined)?.values;
