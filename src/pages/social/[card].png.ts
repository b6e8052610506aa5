/** `/social/report.png` and `/social/<chart id>.png`: 1200×630 cards for link previews. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCharts, getReport } from '../../content-layer/queries.ts';
import { renderChartPng } from '../../pipeline/render-chart.ts';
import { socialCardSvg, type CardContent } from '../../pipeline/social-card.ts';

export const getStaticPaths = (async () => {
  const report = await getReport();
  const charts = await getCharts();
  return [
    { params: { card: 'report' }, props: { card: { kicker: 'Research summary', title: report.title, subtitle: report.subtitle, footer: `${report.authors[0]!.name}${report.authors.length > 1 ? ' et al.' : ''} · ${report.date}` } } },
    ...charts.map((chart) => ({ params: { card: chart.meta.id }, props: { card: { kicker: report.title, title: chart.meta.title, chartSvg: chart.pageSvg } } })),
  ];
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ card: CardContent }> = ({ props }) =>
  new Response(renderChartPng(socialCardSvg(props.card), 1) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/png' } });
