/** `/charts/<id>.vl.json`: the Vega-Lite spec with its data inlined; works in vega-embed anywhere. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';
import { publishedSpecJson } from '../../security/published-spec.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = ({ props }) =>
  new Response(publishedSpecJson(props.chart.standaloneSpec, 2), { headers: { 'Content-Type': 'application/json' } });
