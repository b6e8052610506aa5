/** Stage: a Vega spec -> a static SVG string (headless Vega View) -> a PNG (resvg, bundled Inter font). */
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Spec as VegaSpec } from 'vega';
import { dropOffCanvasShapes } from './off-canvas.ts';
import { INTER_FILES, useInterTextMetrics } from './text-metrics.ts';
import { toSvgWithTooltips } from './svg-tooltips.ts';
import { lintView, type LayoutLint, type LintContext } from './lint-chart.ts';
import { drawWithStaticSelection, selectionPlanOf, type StaticSelection } from './static-selection.ts';


// Data is always inlined before rendering; a spec must never make Vega read a file or URL.
const noLoading = {
  load: () => Promise.reject(new Error('charts cannot load files or URLs; data is bound at build time')),
  sanitize: () => Promise.reject(new Error('charts cannot load files or URLs')),
  http: () => Promise.reject(new Error('charts cannot load URLs')),
  file: () => Promise.reject(new Error('charts cannot read files')),
};

// A tag with its attributes; attribute values are quoted and never hold a raw `"`, but may hold `>`.
const SVG_TAG = /<[A-Za-z][^>"]*(?:"[^"]*"[^>"]*)*>/g;

/**
 * Vega numbers clip paths and gradients per process (clip1, clip2, ...); a page
 * holds SVGs rendered by different builds, so each gets its own prefix. Only
 * tags are rewritten: a label whose text reads `id="a1"` stays as written.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg.replace(SVG_TAG, (tag) => tag.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`));
}

/** What a render drew: the most rows any dataset held after its transforms, and the marks drawn. */
export interface RenderOptions {
  tooltips?: boolean;
  /** Lint what this render drew (lint-chart.ts), on the same view: the layout is run once. */
  lint?: LintContext;
  /** Write a point selection's keys and states on the marks when the page can make it without Vega (static-selection.ts). */
  selection?: boolean;
}

export interface RenderResult {
  svg: string;
  stats: RenderStats;
  lint?: LayoutLint;
  /** Set when the SVG carries a selection the page makes without Vega. */
  selection?: StaticSelection;
}

export interface RenderStats {
  /** The largest dataset of the running view (name and rows), after every transform. */
  largestDataset: { name: string; rows: number };
  /** Scenegraph items: every bar, point, label and rule drawn. */
  items: number;
}

/** Count the items of a scenegraph (marks hold items; groups hold marks). */
function countItems(node: { items?: unknown[] } | undefined): number {
  let n = 0;
  for (const item of (node?.items ?? []) as { items?: unknown[] }[]) n += 1 + countItems(item);
  return n;
}

/**
 * Render the chart headlessly; returns the SVG markup, its ids prefixed with
 * `idPrefix`, and what it drew (`tooltips`: each mark carries its tooltip as
 * `data-tooltip`, see svg-tooltips.ts). Errors Vega only logs (a bad format string in
 * an expression) are thrown, so a chart never renders half.
 */
export async function renderChartSvgWithStats(vegaSpec: VegaSpec, idPrefix = 'chart', options: RenderOptions = {}): Promise<RenderResult> {
  // Set here, where a View is made, not on import: importing a module changes nothing.
  useInterTextMetrics();
  const errors: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return this;
    },
    error(...args: unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      return this;
    },
    warn() { return this; },
    info() { return this; },
    debug() { return this; },
  };
  // Vega tags every datum it ingests; render a copy so the caller's spec stays plain JSON.
  const view = new View(parse(structuredClone(vegaSpec)), { renderer: 'none', loader: noLoading as never, logger: logger as never });
  try {
    const plan = options.selection ? selectionPlanOf(vegaSpec) : undefined;
    const drawn = plan ? await drawWithStaticSelection(view, plan) : { svg: await (options.tooltips ? toSvgWithTooltips(view) : view.toSVG()) };
    const svg = drawn.svg;
    if (errors.length > 0) throw new Error(errors[0]);
    const state = view.getState({ data: () => true, signals: () => false, recurse: true }) as { data?: Record<string, unknown> };
    let largestDataset = { name: '', rows: 0 };
    const visit = (data: unknown): void => {
      for (const [name, value] of Object.entries((data ?? {}) as Record<string, unknown>)) {
        if (Array.isArray(value)) {
          if (value.length > largestDataset.rows) largestDataset = { name, rows: value.length };
        } else if (typeof value === 'object' && value !== null) visit(value);
      }
    };
    visit(state.data);
    const items = countItems((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
    let lint: LayoutLint | undefined;
    if (options.lint) {
      try {
        lint = { name: '', findings: lintView(options.lint, vegaSpec, view) };
      } catch (error) {
        lint = { name: '', error: (error as Error).message };
      }
    }
    return { svg: prefixSvgIds(svg, idPrefix), stats: { largestDataset, items }, ...(lint ? { lint } : {}), ...(drawn.selection ? { selection: drawn.selection } : {}) };
  } finally {
    view.finalize();
  }
}

/**
 * Render the chart headlessly; returns the SVG markup, its ids prefixed with `idPrefix`.
 * `tooltips`: each mark carries its tooltip as `data-tooltip` (the page's SVGs; downloads go without).
 */
export async function renderChartSvg(vegaSpec: VegaSpec, idPrefix = 'chart', options: { tooltips?: boolean } = {}): Promise<string> {
  return (await renderChartSvgWithStats(vegaSpec, idPrefix, options)).svg;
}

// The rasteriser sees only these fonts, never the machine's: the PNG is the same everywhere.
const FONT_FILES = Object.values(INTER_FILES);

/** Rasterise a chart's SVG at `scale` (2 = sharp on high-density screens). */
export function renderChartPng(svg: string, scale = 2): Uint8Array {
  // Shapes wholly off the canvas are invisible, and some of them crash resvg (off-canvas.ts).
  const resvg = new Resvg(dropOffCanvasShapes(svg), {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
  });
  return resvg.render().asPng();
}
