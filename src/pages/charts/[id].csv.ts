/** `/charts/<id>.csv`: the exact rows behind the chart, source column included. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts, getDataset } from '../../content-layer/queries.ts';
import { writeCsv } from '../../pipeline/write-csv.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = async ({ props }) => {
  // A chart reads one dataset in the common case; layered charts over several get them one after another.
  const parts = await Promise.all(
    props.chart.meta.datasets.map(async (name) => {
      const dataset = await getDataset(name);
      // A large dataset's rows stay in DuckDB: the chart's CSV holds the rows it draws (aggregated at build time).
      const drawn = (props.chart.standaloneSpec.data as { values?: Record<string, unknown>[] } | undefined)?.values;
      if (dataset.large && drawn) return writeCsv([...new Set(drawn.flatMap((row) => Object.keys(row)))], drawn);
      return writeCsv(dataset.columns.map((c) => c.name), dataset.rows);
    }),
  );
  return new Response(parts.join('\r\n'), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
