/** Stage: a bound Vega-Lite spec -> a Vega spec (vega-lite's compiler), warnings as problems. */
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec as VegaSpec } from 'vega';
import type { Problem } from '../errors/report-error.ts';
import type { Config } from 'vega-lite';
import { CHART_WIDTH, chartConfig } from './chart-theme.ts';

// Vega-Lite warns about dropping fit-y whenever height is a step, even when the
// autosize we asked for is already fit-x: nothing is dropped, so it is not a problem.
const HARMLESS_WARNING = /^Dropping "fit-y" because spec has discrete height/;

export type CompileResult = { ok: true; vegaSpec: VegaSpec } | { ok: false; problems: Problem[] };

/** Compile for the report column; `width` (CSS pixels) and `config` default to the report's. */
export function compileChart(spec: Record<string, unknown>, file: string, width = CHART_WIDTH, config: Config = chartConfig): CompileResult {
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
  // Width fits the column exactly (so the browser's re-render never shifts the
  // layout); height follows the spec, usually a step per category.
  const sized = { autosize: { type: 'fit-x', contains: 'padding' }, ...spec, width: spec.width ?? width };
  try {
    const { spec: vegaSpec } = compile(sized as unknown as TopLevelSpec, { config, logger: logger as never });
    if (warnings.length > 0) {
      return { ok: false, problems: warnings.map((w) => ({ file, expected: 'a Vega-Lite spec the compiler accepts without warnings', found: w, fix: 'see https://vega.github.io/vega-lite/docs/' })) };
    }
    // Plain JSON out: the compiler may share objects (e.g. data rows) with its input.
    return { ok: true, vegaSpec: JSON.parse(JSON.stringify(vegaSpec)) as VegaSpec };
  } catch (error) {
    return { ok: false, problems: [{ file, expected: 'a valid Vega-Lite spec', found: (error as Error).message, fix: 'open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem' }] };
  }
}
