/** `/charts/<id>.vg.json`: the compiled Vega spec the page's interactive chart renders (no Vega-Lite compiler in the browser). */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';
import { publishedSpecJson } from '../../security/published-spec.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = ({ props }) =>
  new Response(publishedSpecJson(props.chart.pageVegaSpec), { headers: { 'Content-Type': 'application/json' } });
