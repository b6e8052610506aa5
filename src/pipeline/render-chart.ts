/** Stage: a Vega spec -> a static SVG string, with a headless Vega View. */
import { parse, View, type Spec as VegaSpec } from 'vega';

// Data is always inlined before rendering; a spec must never make Vega read a file or URL.
const noLoading = {
  load: () => Promise.reject(new Error('charts cannot load files or URLs; data is bound at build time')),
  sanitize: () => Promise.reject(new Error('charts cannot load files or URLs')),
  http: () => Promise.reject(new Error('charts cannot load URLs')),
  file: () => Promise.reject(new Error('charts cannot read files')),
};

/** Render the chart headlessly; returns the SVG markup. */
export async function renderChartSvg(vegaSpec: VegaSpec): Promise<string> {
  // Vega tags every datum it ingests; render a copy so the caller's spec stays plain JSON.
  const view = new View(parse(structuredClone(vegaSpec)), { renderer: 'none', loader: noLoading as never });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
