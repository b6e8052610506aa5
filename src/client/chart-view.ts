/**
 * The interactive chart: the build's compiled Vega spec rendered by Vega in
 * place of the static SVG, with tooltips. Vega-Lite is compiled at build time,
 * so its compiler never ships; expressions run through Vega's CSP-safe
 * interpreter, never `eval`; tooltips use the page's own tooltip box. Vega
 * itself is the slim build in vega-runtime.ts: only the transforms Vega-Lite
 * output needs, not the whole `vega` bundle.
 */
import type { Spec } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { CHART_WIDTH, NARROW_BREAKPOINT, NARROW_WIDTH } from '../pipeline/chart-theme.ts';
import { hideTooltip, showTooltip } from './tooltip-box.ts';
import { parse, View } from './vega-runtime.ts';

/**
 * Vega's tooltip hook, drawn by the same box as the static charts' tooltips
 * (tooltip-box.ts: vega-tooltip's element, markup and placement, text only).
 */
function tooltip(_handler: unknown, event: MouseEvent, _item: unknown, value: unknown): void {
  if (value === null || value === undefined || value === '') hideTooltip();
  else showTooltip(value, { x: event.clientX, y: event.clientY });
}

/** The build compiled the chart to fit the column's width (compile-chart.ts) rather than at its natural size. */
function fitsWidth(spec: Spec): boolean {
  const autosize = spec.autosize;
  return typeof autosize === 'object' && autosize !== null && 'type' in autosize && autosize.type === 'fit-x';
}

export async function makeInteractive(figure: HTMLElement): Promise<View> {
  const frame = figure.querySelector<HTMLElement>('.chart-frame');
  if (!frame?.dataset.spec) throw new Error('no .chart-frame[data-spec] in the figure');
  const available = Math.floor(frame.clientWidth);
  // Phones get the layout compiled for a narrow column (shorter labels, stacked legend).
  const url = available < NARROW_BREAKPOINT ? frame.dataset.spec.replace(/\.vg\.json$/, '.narrow.vg.json') : frame.dataset.spec;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const spec = (await response.json()) as Spec;
  // Loads the runtime parts only some charts need (maps, nearest selections); the build
  // refuses charts that would need anything else, so UnsupportedChartError is a last resort.
  const runtime = await parse(spec);
  // Measure labels with Inter, as the build did; a few hundred ms at most, then draw anyway.
  await Promise.race([Promise.all(['400 12px Inter', '600 12px Inter'].map((f) => document.fonts.load(f))), new Promise((r) => setTimeout(r, 800))]);
  const host = document.createElement('div');
  host.className = 'chart-live';
  const view = new View(runtime, {
    expr: expressionInterpreter,
    renderer: 'svg',
    container: host,
    hover: true,
    tooltip,
  });
  // Lay the chart out for the column it is in (labels stay readable, hover
  // hits the right mark) instead of scaling a picture.
  // The same width as the build-time SVG the column shows (narrow: NARROW_WIDTH, or the
  // column if smaller), so the swap does not move anything; embeds take the frame's width.
  // Composite views (facet, concat, repeat) and step-sized views keep their natural
  // size, like their static SVG; the page's CSS scales both down to the column.
  const narrow = available < NARROW_BREAKPOINT;
  const maxWidth = narrow ? NARROW_WIDTH : figure.dataset.fill === 'width' ? Infinity : CHART_WIDTH;
  if (available > 0 && fitsWidth(spec)) view.width(Math.min(available, maxWidth));
  await view.runAsync();
  // Swap in one step, at the same size: no layout shift.
  frame.replaceChildren(host);
  return view;
}
