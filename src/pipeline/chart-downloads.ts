/**
 * The rows behind a chart, one table per data source, for its CSV downloads:
 * exactly the rows the chart is bound to (a dataset's validated rows, or its
 * build-time aggregate; rows written in the spec), never two tables glued
 * into one file. Generated data (sequence, graticule, sphere) and maps are
 * not tables and get no CSV.
 */
import { DATA_URL, findDataRefs, inlineRows, type LoadedChart } from './load-chart-spec.ts';
import type { TypedTable } from './validate-rows.ts';

export interface ChartDownload {
  /** The dataset's name, or "values" / "values-2" for rows written in the spec, or the spec's dataset name. */
  name: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

const at = (spec: unknown, path: (string | number)[]) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], spec);

function rowsTable(name: string, rows: unknown[]): ChartDownload {
  const objects = rows.map((row) => (typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : { data: row }));
  // The name goes into a file name: keep it to the letters a dataset name may have.
  return { name: name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-'), columns: [...new Set(objects.flatMap((row) => Object.keys(row)))], rows: objects };
}

/** One download per table the chart reads, in the order the spec names them. */
export function chartDownloads(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>): ChartDownload[] {
  const out: ChartDownload[] = [];
  const add = (download: ChartDownload) => {
    let name = download.name;
    for (let n = 2; out.some((d) => d.name === name); n++) name = `${download.name}-${n}`;
    out.push({ ...download, name });
  };
  const seen = new Set<string>();
  for (const ref of findDataRefs(chart.spec)) {
    if (ref.kind === 'url') {
      const match = DATA_URL.exec(String(ref.url));
      const table = match?.[2] === 'csv' ? tables.get(match[1]!) : undefined;
      if (!table || seen.has(match![1]!)) continue;
      seen.add(match![1]!);
      add({ name: match![1]!, columns: table.columns, rows: table.rows });
    } else if (ref.kind === 'values') {
      const rows = inlineRows(at(chart.spec, ref.path.slice(0, -1)) as Record<string, unknown>);
      if (rows) add(rowsTable('values', rows));
    } else if (ref.kind === 'name' && !seen.has(`datasets.${String(ref.name)}`)) {
      seen.add(`datasets.${String(ref.name)}`);
      const rows = (chart.spec.datasets as Record<string, unknown> | undefined)?.[String(ref.name)];
      if (Array.isArray(rows)) add(rowsTable(String(ref.name), rows));
    }
  }
  return out;
}
