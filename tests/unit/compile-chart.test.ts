import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { CHART_WIDTH } from '../../src/pipeline/chart-theme.ts';
import { compileChart, type CompileResult } from '../../src/pipeline/compile-chart.ts';
import { renderChartPng, renderChartSvg } from '../../src/pipeline/render-chart.ts';

const FILE = 'content/charts/scores.vl.json';
const values = [
  { name: 'alpha', rate: 10 },
  { name: 'beta', rate: 20 },
];
const bars = {
  data: { values },
  mark: 'bar',
  encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'rate', type: 'quantitative' } },
};

function vega(result: CompileResult): Record<string, unknown> {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.vegaSpec as Record<string, unknown>;
}
function messages(result: CompileResult): string[] {
  if (result.ok) throw new Error('expected problems, got a Vega spec');
  return result.problems.map(formatProblem);
}

describe('compileChart', () => {
  it('compiles to a Vega spec sized to the report column', () => {
    const spec = vega(compileChart(bars, FILE));
    expect(spec.width).toBe(CHART_WIDTH);
    expect(spec.autosize).toEqual({ type: 'fit-x', contains: 'padding' });
    expect(spec.data).toEqual(expect.arrayContaining([expect.objectContaining({ values })]));
  });

  it('takes the width from the argument, and from the spec before that', () => {
    expect(vega(compileChart(bars, FILE, 500)).width).toBe(500);
    expect(vega(compileChart({ ...bars, width: 300 }, FILE, 500)).width).toBe(300);
  });

  it('returns plain JSON that does not share objects with the input', () => {
    const spec = vega(compileChart(bars, FILE));
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const data = (spec.data as { values?: unknown[] }[]).find((d) => d.values);
    expect(data?.values).not.toBe(values);
    expect(data?.values?.[0]).not.toBe(values[0]);
  });

  it('accepts a horizontal bar chart (the harmless fit-y warning is not a problem)', () => {
    const horizontal = { ...bars, encoding: { y: { field: 'name', type: 'nominal' }, x: { field: 'rate', type: 'quantitative' } } };
    expect(compileChart(horizontal, FILE).ok).toBe(true);
  });

  it('a compiler warning becomes a problem naming the chart file', () => {
    const withShape = { ...bars, encoding: { ...bars.encoding, shape: { field: 'name', type: 'nominal' } } };
    expect(messages(compileChart(withShape, FILE))).toEqual([
      'content/charts/scores.vl.json expected a Vega-Lite spec the compiler accepts without warnings, got shape dropped as it is incompatible with "bar". (see https://vega.github.io/vega-lite/docs/)',
    ]);
  });

  it('an invalid aggregate is reported, not ignored', () => {
    const bad = { ...bars, encoding: { ...bars.encoding, y: { field: 'rate', type: 'quantitative', aggregate: 'mediam' } } };
    expect(messages(compileChart(bad, FILE))).toEqual([
      'content/charts/scores.vl.json expected a Vega-Lite spec the compiler accepts without warnings, got Invalid aggregation operator "mediam". (see https://vega.github.io/vega-lite/docs/)',
    ]);
  });

  it('a spec the compiler throws on becomes a problem, not an exception', () => {
    const [message, ...rest] = messages(compileChart({ ...bars, mark: 'nonsense' }, FILE));
    expect(rest).toEqual([]);
    expect(message).toMatch(/^content\/charts\/scores\.vl\.json expected a valid Vega-Lite spec, got .+ \(open the spec in the Vega editor \(https:\/\/vega\.github\.io\/editor\/\) to see the problem\)$/);
  });
});

describe('compileChart: composite views keep their natural size', () => {
  const rows = [
    { name: 'alpha', group: 'a', rate: 10 },
    { name: 'beta', group: 'b', rate: 20 },
  ];
  const unit = { mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'rate', type: 'quantitative' } } };
  const composites: Record<string, Record<string, unknown>> = {
    facet: { data: { values: rows }, facet: { field: 'group', type: 'nominal' }, spec: unit },
    column: { data: { values: rows }, ...unit, encoding: { ...unit.encoding, column: { field: 'group', type: 'nominal' } } },
    hconcat: { data: { values: rows }, hconcat: [unit, unit] },
    vconcat: { data: { values: rows }, vconcat: [unit, unit] },
    repeat: { data: { values: rows }, repeat: ['rate'], spec: { ...unit, encoding: { ...unit.encoding, y: { field: { repeat: 'repeat' }, type: 'quantitative' } } } },
    'layer with a faceted part': { data: { values: rows }, layer: [{ ...unit, encoding: { ...unit.encoding, row: { field: 'group', type: 'nominal' } } }] },
    'step width': { data: { values: rows }, ...unit, width: { step: 30 } },
  };

  for (const [kind, spec] of Object.entries(composites)) {
    it(`${kind}: no injected width or fit, draws a non-empty SVG and PNG`, async () => {
      const compiled = vega(compileChart(spec, FILE));
      expect(compiled.autosize).not.toEqual(expect.objectContaining({ type: 'fit-x' }));
      const svg = await renderChartSvg(compiled as never);
      const [, width, height] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
      expect(Number(width)).toBeGreaterThan(40);
      expect(Number(height)).toBeGreaterThan(40);
      expect(svg.match(/<path[^>]*aria-roledescription="bar"/g)?.length ?? svg.match(/role-mark/g)?.length).toBeGreaterThan(0);
      expect(renderChartPng(svg).length).toBeGreaterThan(1000);
    });
  }

  it('one view (a unit or a layer) still fits the column', () => {
    expect(vega(compileChart({ data: { values: rows }, layer: [unit, { ...unit, mark: 'tick' }] }, FILE)).width).toBe(CHART_WIDTH);
  });
});

describe('compileChart: legends under the chart wrap into rows', () => {
  it('a legend of 60 entries stays within the column (and rasterises)', async () => {
    const values = Array.from({ length: 60 }, (_, i) => ({ country: `Country ${i + 1}`, x: i, y: i % 7 }));
    const spec = { data: { values }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'country', type: 'nominal' } } };
    const svg = await renderChartSvg(vega(compileChart(spec, FILE)) as never);
    const legendWidth = Number(/role-legend"[^>]*>(?:<g[^>]*>)<path class="background" aria-hidden="true" d="M0,0h([\d.]+)/.exec(svg)?.[1]);
    expect(legendWidth).toBeGreaterThan(200);
    expect(legendWidth).toBeLessThanOrEqual(CHART_WIDTH);
    expect(renderChartPng(svg).length).toBeGreaterThan(1000);
  });
});
