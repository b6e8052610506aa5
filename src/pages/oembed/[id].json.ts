/** `/oembed/<id>.json`: oEmbed (type "rich") for a chart, so hosts that speak oEmbed can embed it from its URL. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { embedHeight, embedSnippet } from '../../content-layer/embed.ts';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts, getReport } from '../../content-layer/queries.ts';
import { CHART_WIDTH } from '../../pipeline/chart-theme.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = async ({ props, site }) => {
  const report = await getReport();
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const origin = site ? site.origin : '';
  const body = {
    version: '1.0',
    type: 'rich',
    title: props.chart.meta.title,
    provider_name: report.title,
    provider_url: `${origin}${base}/`,
    html: embedSnippet(props.chart, origin, base),
    width: CHART_WIDTH,
    height: embedHeight(props.chart),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'Content-Type': 'application/json+oembed' } });
};
