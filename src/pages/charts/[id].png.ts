/** `/charts/<id>.png`: the chart at 2x, rasterised from the same SVG as the download. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';
import { renderChartPng } from '../../pipeline/render-chart.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = ({ props }) =>
  new Response(renderChartPng(props.chart.svg) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/png' } });
