/**
 * The rows behind a chart, one table per data source, for its CSV downloads:
 * exactly the rows the chart is bound to (a dataset's validated rows, or its
 * build-time aggregate; rows written in the spec, as checked by
 * inline-datasets.ts), never two tables glued into one file. Generated data
 * (sequence, graticule, sphere) and maps are not tables and get no CSV.
 */
import type { ColumnInfo } from './columns.ts';
import type { InlineDataset } from './inline-datasets.ts';
import { DATA_URL, findDataRefs, type LoadedChart } from './load-chart-spec.ts';
import type { TypedTable } from './validate-rows.ts';

export interface ChartDownload {
  /** The dataset's name, or "values" / "values-2" for rows written in the spec, or the spec's dataset name. */
  name: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows written in the spec: what their "Show data" table says they are, and their column types (declared or inferred). */
  inline?: { description: string; columns: { name: string; info: Pick<ColumnInfo, 'type' | 'optional'> }[] };
}

/** One download per table the chart reads, in the order the spec names them. */
export function chartDownloads(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>, inline: readonly InlineDataset[] = []): ChartDownload[] {
  const out: ChartDownload[] = [];
  const add = (download: ChartDownload) => {
    // The name goes into a file name: keep it to the letters a dataset name may have.
    const base = download.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    let name = base;
    for (let n = 2; out.some((d) => d.name === name); n++) name = `${base}-${n}`;
    out.push({ ...download, name });
  };
  const fromSpec = (dataset: InlineDataset | undefined) => {
    if (!dataset) return;
    const where = dataset.path[0] === 'datasets' ? `"datasets" → "${dataset.name}"` : `${dataset.path.join('.')}`;
    add({
      name: dataset.name,
      columns: dataset.columns.map((c) => c.name),
      rows: dataset.rows,
      inline: { description: `Rows written in the chart's spec (${where}); source: ${chart.meta.source.label}.`, columns: dataset.columns.map((c) => ({ name: c.name, info: { type: c.info.type, optional: c.info.optional } })) },
    });
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
      // Inline values sit at the data's "values" (or inside it, at format.property).
      fromSpec(inline.find((d) => d.path[0] !== 'datasets' && ref.path.every((key, i) => d.path[i] === key)));
    } else if (ref.kind === 'name' && !seen.has(`datasets.${String(ref.name)}`)) {
      seen.add(`datasets.${String(ref.name)}`);
      fromSpec(inline.find((d) => d.path[0] === 'datasets' && d.path[1] === ref.name));
    }
  }
  return out;
}
