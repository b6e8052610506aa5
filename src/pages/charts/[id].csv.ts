/** `/charts/<id>.csv`: the rows the chart draws (its first table, source column included); other tables: [id].[table].csv.ts. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';
import { writeCsv } from '../../output/write-csv.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).filter((chart) => chart.downloads.length > 0).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = ({ props }) => {
  const [first] = props.chart.downloads;
  return new Response(writeCsv(first!.columns, first!.rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
