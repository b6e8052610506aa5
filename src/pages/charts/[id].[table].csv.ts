/** `/charts/<id>.<table>.csv`: a chart over several tables gets one file per table after the first (never glued into one). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCharts } from '../../content-layer/queries.ts';
import type { ChartDownload } from '../../pipeline/chart-downloads.ts';
import { writeCsv } from '../../output/write-csv.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).flatMap((chart) => chart.downloads.slice(1).map((table) => ({ params: { id: chart.meta.id, table: table.name }, props: { table } })))) satisfies GetStaticPaths;

export const GET: APIRoute<{ table: ChartDownload }> = ({ props }) =>
  new Response(writeCsv(props.table.columns, props.table.rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
