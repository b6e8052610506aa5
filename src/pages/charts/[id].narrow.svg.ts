/** `/charts/<id>.narrow.svg`: the page's phone layout of a chart (tooltips on its marks), fetched only where a column is that narrow. */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ChartEntry } from '../../content-layer/entries.ts';
import { getCharts } from '../../content-layer/queries.ts';

export const getStaticPaths = (async () =>
  (await getCharts()).map((chart) => ({ params: { id: chart.meta.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ chart: ChartEntry }> = ({ props }) =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${props.chart.narrowSvg}\n`, { headers: { 'Content-Type': 'image/svg+xml' } });
