import { describe, expect, it } from 'vitest';
import type { Spec as VegaSpec } from 'vega';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkVegaParse } from '../../src/pipeline/check-vega-parse.ts';
import { compileChart } from '../../src/pipeline/compile-chart.ts';

const FILE = 'content/charts/scores.vl.json';

function compiled(spec: Record<string, unknown>): VegaSpec {
  const result = compileChart({ data: { values: [{ name: 'a', score: 1 }] }, mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'score', type: 'quantitative' } }, ...spec }, FILE);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.vegaSpec;
}

describe('checkVegaParse', () => {
  it('accepts a chart Vega can parse, and leaves the spec as it was', () => {
    const spec = compiled({ transform: [{ filter: 'datum.score > 0' }] });
    const before = JSON.stringify(spec);
    expect(checkVegaParse(spec, FILE)).toEqual([]);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it('turns a name Vega does not know into a problem naming the chart file', () => {
    expect(checkVegaParse(compiled({ transform: [{ filter: 'datum.score > nosuchparam' }] }), FILE).map(formatProblem)).toEqual([
      'content/charts/scores.vl.json expected a chart Vega can run, got Unrecognized signal name: "nosuchparam" (a name in an expression may be misspelt; open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem)',
    ]);
  });
});
