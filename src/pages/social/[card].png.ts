/** `/social/report.png` and `/social/<chart id>.png`: 1200×630 cards for link previews. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCharts, getReport } from '../../content-layer/queries.ts';
import { labelsOf } from '../../schemas/report.ts';
import { join } from 'node:path';
import { renderChartPngCached } from '../../engines/png-cache.ts';

// Kept between builds, next to the data snapshot (see src/engines/png-cache.ts).
const PNG_CACHE_DIR = join(import.meta.env.REPORT_ROOT as string, '.build-state/png');
import { socialCardSvg, type CardContent } from '../../output/social-card.ts';

export const getStaticPaths = (async () => {
  const report = await getReport();
  const charts = await getCharts();
  return [
    { params: { card: 'report' }, props: { card: { kicker: labelsOf(report).kicker, title: report.title, subtitle: report.subtitle, footer: `${report.authors[0]!.name}${report.authors.length > 1 ? ' et al.' : ''} · ${report.date}` } } },
    ...charts.map((chart) => ({ params: { card: chart.meta.id }, props: { card: { kicker: report.title, title: chart.meta.title, chartSvg: chart.pageSvg } } })),
  ];
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ card: CardContent }> = async ({ props }) =>
  new Response((await renderChartPngCached(socialCardSvg(props.card), 1, PNG_CACHE_DIR)) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/png' } });
