/**
 * The Vega-Lite config every chart is compiled with: one look for the report,
 * the embeds and the downloads. Colours are the Okabe–Ito palette (safe for
 * the common kinds of colour blindness), ordered so the first ones also keep
 * 3:1 contrast on both the light and the dark page.
 */
import type { Config } from 'vega-lite';

/** Width of a chart in the report's text column, in CSS pixels. */
export const CHART_WIDTH = 640;

// Inter first: the PNG rasteriser has exactly this font (bundled), so text looks the same in every output.
export const FONT = 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

// Only the Okabe–Ito colours that keep 3:1 against both page backgrounds (white and #15171a);
// its yellow, orange and sky blue are too light on white.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#7f7f7f'];
export const PAGE_BACKGROUNDS = { light: '#ffffff', dark: '#15171a' };

export const chartConfig: Config = {
  background: null as unknown as string,
  font: FONT,
  padding: 4,
  view: { continuousWidth: CHART_WIDTH, continuousHeight: 300, stroke: null },
  range: { category: PALETTE },
  title: { anchor: 'start', fontSize: 15, fontWeight: 600, subtitleFontSize: 13, offset: 12 },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, labelLimit: 260, gridColor: '#d9d9d9', domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'bottom', labelLimit: 320 },
  bar: { color: PALETTE[0] },
  line: { color: PALETTE[0], strokeWidth: 2 },
  point: { color: PALETTE[0], filled: true, size: 70 },
  text: { fontSize: 12 },
};

/** Below this container width the browser switches to the narrow layout. */
export const NARROW_BREAKPOINT = 560;
/** Width the narrow layout is compiled for; the browser re-fits it to the container. */
export const NARROW_WIDTH = 320;

/** Phones: shorter axis labels (the tooltip has the full text) and legends stacked under the chart. */
export const narrowChartConfig: Config = {
  ...chartConfig,
  axis: { ...chartConfig.axis, labelLimit: 120, labelFontSize: 11 },
  legend: { ...chartConfig.legend, orient: 'bottom', direction: 'vertical', labelLimit: 260 },
  title: { ...chartConfig.title, fontSize: 14 },
};

/** Files that travel alone (SVG and PNG downloads) get an opaque background. */
export const downloadChartConfig: Config = { ...chartConfig, background: '#ffffff' };
