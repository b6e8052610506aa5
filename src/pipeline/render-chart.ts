/** Stage: a Vega spec -> a static SVG string (headless Vega View) -> a PNG (resvg, bundled Inter font). */
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Spec as VegaSpec } from 'vega';
import { INTER_FILES, useInterTextMetrics } from './text-metrics.ts';
import { toSvgWithTooltips } from './svg-tooltips.ts';

useInterTextMetrics();

// Data is always inlined before rendering; a spec must never make Vega read a file or URL.
const noLoading = {
  load: () => Promise.reject(new Error('charts cannot load files or URLs; data is bound at build time')),
  sanitize: () => Promise.reject(new Error('charts cannot load files or URLs')),
  http: () => Promise.reject(new Error('charts cannot load URLs')),
  file: () => Promise.reject(new Error('charts cannot read files')),
};

/**
 * Vega numbers clip paths and gradients per process (clip1, clip2, ...); a page
 * holds SVGs rendered by different builds, so each gets its own prefix.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

/**
 * Render the chart headlessly; returns the SVG markup, its ids prefixed with `idPrefix`.
 * `tooltips`: each mark carries its tooltip as `data-tooltip` (the page's SVGs; downloads go without).
 */
export async function renderChartSvg(vegaSpec: VegaSpec, idPrefix = 'chart', options: { tooltips?: boolean } = {}): Promise<string> {
  // Vega tags every datum it ingests; render a copy so the caller's spec stays plain JSON.
  const view = new View(parse(structuredClone(vegaSpec)), { renderer: 'none', loader: noLoading as never });
  try {
    return prefixSvgIds(await (options.tooltips ? toSvgWithTooltips(view) : view.toSVG()), idPrefix);
  } finally {
    view.finalize();
  }
}

// The rasteriser sees only these fonts, never the machine's: the PNG is the same everywhere.
const FONT_FILES = Object.values(INTER_FILES);

/** Rasterise a chart's SVG at `scale` (2 = sharp on high-density screens). */
export function renderChartPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
  });
  return resvg.render().asPng();
}
