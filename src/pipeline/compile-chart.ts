/** Stage: a bound Vega-Lite spec -> a Vega spec (vega-lite's compiler), warnings as problems. */
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec as VegaSpec } from 'vega';
import type { Problem } from '../errors/report-error.ts';
import type { Config } from 'vega-lite';
import { CHART_WIDTH, chartConfig } from './chart-theme.ts';
import type { SharedRows } from '../report/shared-rows.ts';

// Vega-Lite warns about dropping fit-y whenever height is a step, even when the
// autosize we asked for is already fit-x: nothing is dropped, so it is not a problem.
const HARMLESS_WARNING = /^Dropping "fit-y" because spec has discrete height/;

// Composition operators: the view's size is the sum of its parts, never one width.
const COMPOSITE_KEYS = ['facet', 'repeat', 'concat', 'hconcat', 'vconcat'];

/**
 * Whether the chart is one view (a unit or a layer of units) whose width can
 * be set to the column's. Composite views (facet, row/column, concat, repeat)
 * and views sized in steps keep the size Vega-Lite gives them: injecting a
 * width there would make the view 0 wide or change what the spec means.
 */
export function fitsColumn(spec: Record<string, unknown>): boolean {
  if (COMPOSITE_KEYS.some((key) => key in spec)) return false;
  if (typeof spec.width === 'object' && spec.width !== null) return false;
  const encoding = spec.encoding as Record<string, unknown> | undefined;
  if (encoding && ('row' in encoding || 'column' in encoding || 'facet' in encoding)) return false;
  const layers = Array.isArray(spec.layer) ? (spec.layer as Record<string, unknown>[]) : [];
  return layers.every((layer) => typeof layer === 'object' && layer !== null && fitsColumn(layer));
}

// The marks Vega-Lite draws for an interval selection: the brush and its background.
const BRUSH_MARK = /_brush(_bg)?$/;

/**
 * A brush is a control, not data: Vega would give its rects an ARIA role with
 * no label (axe: svg-img-alt). Mark them `aria: false`, as Vega-Lite already
 * does for grid lines; nothing a reader sees changes.
 */
function hideBrushesFromAria(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(hideBrushesFromAria);
  if (typeof node !== 'object' || node === null) return;
  const mark = node as { name?: unknown; type?: unknown; marks?: unknown; aria?: unknown };
  if (typeof mark.name === 'string' && mark.type === 'rect' && BRUSH_MARK.test(mark.name) && mark.aria === undefined) mark.aria = false;
  hideBrushesFromAria(mark.marks);
}

// Legend entries per row in a horizontal legend: five fit the report column.
const LEGEND_COLUMNS = Math.floor(CHART_WIDTH / 120);

/**
 * The theme puts legends under the chart, in a row. A row of dozens of entries
 * would run thousands of pixels past the chart (and crash the rasteriser), so
 * horizontal legends wrap after LEGEND_COLUMNS entries; shorter ones are laid
 * out exactly as before.
 */
function wrapLegendRows(node: unknown, config: Config): void {
  if (Array.isArray(node)) return node.forEach((n) => wrapLegendRows(n, config));
  if (typeof node !== 'object' || node === null) return;
  const view = node as { legends?: Record<string, unknown>[]; marks?: unknown };
  for (const legend of view.legends ?? []) {
    const orient = legend.orient ?? config.legend?.orient ?? 'right';
    const horizontal = legend.direction === 'horizontal' || (legend.direction === undefined && (orient === 'top' || orient === 'bottom') && config.legend?.direction !== 'vertical');
    if (horizontal && legend.columns === undefined && (legend.type ?? 'symbol') === 'symbol' && !('gradient' in legend)) legend.columns = LEGEND_COLUMNS;
  }
  wrapLegendRows(view.marks, config);
}

export type CompileResult = { ok: true; vegaSpec: VegaSpec } | { ok: false; problems: Problem[] };

/**
 * Compile for the report column; `width` (CSS pixels) and `config` default to the report's.
 * `rows`: the build's shared rows, so that a chart's layouts hold its inline rows once.
 */
export function compileChart(spec: Record<string, unknown>, file: string, width = CHART_WIDTH, config: Config = chartConfig, rows?: SharedRows): CompileResult {
  const warnings: string[] = [];
  const logger = {
    level(): number { return 0; },
    error(...args: unknown[]) { warnings.push(args.map(String).join(' ')); return this; },
    warn(...args: unknown[]) {
      const text = args.map(String).join(' ');
      if (!HARMLESS_WARNING.test(text)) warnings.push(text);
      return this;
    },
    info() { return this; },
    debug() { return this; },
  };
  // One view: its width fits the column exactly (so the browser's re-render never
  // shifts the layout); height follows the spec, usually a step per category.
  // Anything else renders at its natural size and the page scales it down (CSS).
  const sized = fitsColumn(spec) ? { autosize: { type: 'fit-x', contains: 'padding' }, ...spec, width: spec.width ?? width } : spec;
  try {
    const { spec: vegaSpec } = compile(sized as unknown as TopLevelSpec, { config, logger: logger as never });
    if (warnings.length > 0) {
      return { ok: false, problems: warnings.map((w) => ({ file, expected: 'a Vega-Lite spec the compiler accepts without warnings', found: w, fix: 'see https://vega.github.io/vega-lite/docs/' })) };
    }
    // Plain JSON out: the compiler may share objects (e.g. data rows) with its input.
    const plain = rows ? rows.copy(vegaSpec) : (JSON.parse(JSON.stringify(vegaSpec)) as VegaSpec);
    hideBrushesFromAria(plain.marks);
    wrapLegendRows(plain, config);
    return { ok: true, vegaSpec: plain };
  } catch (error) {
    return { ok: false, problems: [{ file, expected: 'a valid Vega-Lite spec', found: (error as Error).message, fix: 'open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem' }] };
  }
}
