/** `/social/report.png` and `/social/<chart id>.png`: 1200×630 cards for link previews. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCharts, getReport } from '../../content-layer/queries.ts';
import { labelsOf } from '../../schemas/report.ts';
import { pngCacheDir, renderChartPngCached } from '../../engines/png-cache.ts';
import { chartCard, socialCardSvg, type CardContent } from '../../output/social-card.ts';
import { ReportError } from '../../errors/report-error.ts';
import { renderProblem } from '../../report/charts.ts';

const PNG_CACHE_DIR = pngCacheDir(import.meta.env.REPORT_ROOT as string);

export const getStaticPaths = (async () => {
  const report = await getReport();
  const charts = await getCharts();
  return [
    { params: { card: 'report' }, props: { file: 'content/report.yaml', card: { kicker: labelsOf(report).kicker, title: report.title, subtitle: report.subtitle, footer: `${report.authors[0]!.name}${report.authors.length > 1 ? ' et al.' : ''} · ${report.date}` } } },
    ...charts.map((chart) => ({ params: { card: chart.meta.id }, props: { file: chart.meta.file, card: chartCard(report.title, chart) } })),
  ];
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: string; card: CardContent }> = async ({ props }) =>
  new Response((await renderChartPngCached(socialCardSvg(props.card), 1, PNG_CACHE_DIR).catch((error: Error) => {
    throw new ReportError([renderProblem(error, props.file)]);
  })) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/png' } });
