/** The build-time tooltips: each mark's tooltip on the static SVG, and which charts still need Vega in the browser. */
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, test } from 'vitest';
import { needsRuntime, runtimeReasons } from '../../src/pipeline/chart-needs-runtime.ts';
import { renderChartSvg } from '../../src/pipeline/render-chart.ts';

const rows = [
  { team: 'A & <b>B</b>', pct: 96, note: 'say "hi"' },
  { team: 'C', pct: 41.5, note: null },
];
const bars = (extra: object = {}): TopLevelSpec => ({
  data: { values: rows },
  mark: 'bar',
  encoding: {
    y: { field: 'team', type: 'nominal' },
    x: { field: 'pct', type: 'quantitative' },
    tooltip: [{ field: 'team', title: 'Team' }, { field: 'pct', title: 'Share (%)', format: '.1f' }, { field: 'note' }],
  },
  ...extra,
}) as TopLevelSpec;

const vega = (spec: TopLevelSpec) => compile(spec).spec;

function tooltipsOf(svg: string): unknown[] {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...svg.matchAll(/data-tooltip="([^"]*)"/g)].map((m) => JSON.parse(decode(m[1]!)));
}

describe('tooltips on the static SVG', () => {
  test('each bar carries its tooltip as Vega formats it, as escaped JSON, never as markup', async () => {
    const svg = await renderChartSvg(vega(bars()), 't', { tooltips: true });
    expect(tooltipsOf(svg)).toEqual([
      { Team: 'A & <b>B</b>', 'Share (%)': '96.0', note: 'say "hi"' },
      { Team: 'C', 'Share (%)': '41.5', note: 'null' }, // as Vega-Lite formats an empty cell
    ]);
    // The cell's text never becomes an element or breaks out of the attribute.
    expect(svg).not.toContain('<b>');
    expect(svg).not.toMatch(/data-tooltip="[^"]*"[^ />]/);
  });

  test("only data marks carry tooltips, and they replace Vega's own per-mark ARIA label (the page names a focused mark from its tooltip)", async () => {
    const svg = await renderChartSvg(vega(bars()), 't', { tooltips: true });
    const marks = [...svg.matchAll(/<path[^>]*data-tooltip[^>]*>/g)].map((m) => m[0]);
    expect(marks).toHaveLength(2);
    for (const mark of marks) expect(mark).not.toMatch(/aria-label|role=/);
    expect(svg.match(/data-tooltip/g)).toHaveLength(2);
  });

  test('downloads go without them, and a chart without a tooltip encoding has none', async () => {
    expect(await renderChartSvg(vega(bars()), 't')).not.toContain('data-tooltip');
    const plain = vega({ data: { values: rows }, mark: 'bar', encoding: { y: { field: 'team', type: 'nominal' }, x: { field: 'pct', type: 'quantitative' } } } as TopLevelSpec);
    expect(await renderChartSvg(plain, 't', { tooltips: true })).not.toContain('data-tooltip');
  });

  test('the tooltips leave the drawing as it was', async () => {
    const strip = (svg: string) => svg.replace(/ data-tooltip="[^"]*"/g, '').replace(/ (aria-label|role|aria-roledescription)="[^"]*"/g, '');
    expect(strip(await renderChartSvg(vega(bars()), 't', { tooltips: true }))).toBe(strip(await renderChartSvg(vega(bars()), 't')));
  });
});

describe('which charts need the Vega runtime', () => {
  test('tooltips alone do not', () => {
    expect(runtimeReasons(vega(bars()))).toEqual([]);
  });
  test.each([
    ['a point selection', { params: [{ name: 'pick', select: 'point' }] }],
    ['pan and zoom', { params: [{ name: 'zoom', select: 'interval', bind: 'scales' }] }],
    ['a slider', { params: [{ name: 'cut', value: 50, bind: { input: 'range', min: 0, max: 100 } }] }],
    ['a legend-bound selection', { params: [{ name: 'legend', select: { type: 'point', fields: ['team'] }, bind: 'legend' }] }],
  ])('%s does', (_name, extra) => {
    expect(needsRuntime(vega(bars(extra)))).toBe(true);
  });
});
