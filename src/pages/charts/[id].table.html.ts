/** `/charts/<id>.table.html`: a chart's "Show data" tables (one part per dataset), fetched when a reader opens one. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { showDataParts } from '../../content-layer/chart-tables.ts';
import { getCharts, getDataset } from '../../content-layer/queries.ts';
import { dataTableHtml } from '../../output/data-table-html.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = async ({ props }) => {
  const datasets = await Promise.all(props.chart.meta.datasets.map((name) => getDataset(name)));
  const parts = showDataParts(props.chart, datasets).map(({ table }) => `<div class="table-part">\n${dataTableHtml(table)}</div>\n`);
  return new Response(parts.join(''), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
