/** `/charts/<id>.png`: the chart at 2x, rasterised from the same SVG as the download. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';
import { pngCacheDir, renderChartPngCached } from '../../engines/png-cache.ts';
import { ReportError } from '../../errors/report-error.ts';
import { renderProblem } from '../../report/charts.ts';

const PNG_CACHE_DIR = pngCacheDir(import.meta.env.REPORT_ROOT as string);

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = async ({ props }) =>
  new Response((await renderChartPngCached(props.chart.svg, 2, PNG_CACHE_DIR).catch((error: Error) => {
    throw new ReportError([renderProblem(error, props.chart.meta.file)]);
  })) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/png' } });
