/**
 * Which selections the page makes without Vega (src/pipeline/static-selection.ts):
 * exactly the default point selections, on click or bound to the legend, whose
 * only effect is how marks are painted; and what the build writes on the marks.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, test } from 'vitest';
import { renderChartSvgWithStats } from '../../src/pipeline/render-chart.ts';
import { selectionPlanOf } from '../../src/pipeline/static-selection.ts';

const values = [
  { group: 'A', period: 1, pct: 10, when: '2024-01-01' },
  { group: 'B', period: 1, pct: 30, when: '2024-01-01' },
  { group: 'A', period: 2, pct: 20, when: '2024-02-01' },
  { group: 'B', period: 2, pct: 40, when: '2024-02-01' },
];
const fade = { condition: { param: 'pick', value: 1 }, value: 0.3 };
const bars = (params: unknown[], extra: Record<string, unknown> = {}): TopLevelSpec => ({
  data: { values },
  mark: 'bar',
  params,
  encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'pct', type: 'quantitative', aggregate: 'mean' }, opacity: fade },
  ...extra,
}) as unknown as TopLevelSpec;
const lines = (param: Record<string, unknown>): TopLevelSpec => ({
  data: { values },
  mark: { type: 'line', point: true },
  params: [param],
  encoding: { x: { field: 'period', type: 'quantitative' }, y: { field: 'pct', type: 'quantitative' }, color: { field: 'group', type: 'nominal' }, opacity: fade },
}) as unknown as TopLevelSpec;
const plan = (spec: TopLevelSpec) => selectionPlanOf(compile(spec).spec);
const point = (select: Record<string, unknown> = {}) => ({ name: 'pick', select: { type: 'point', fields: ['group'], ...select } });

describe('which selections need no Vega', () => {
  test('a default point selection on fields, on click, and one bound to the legend', () => {
    expect(plan(bars([point()]))).toMatchObject({ by: 'click', store: 'pick_store', fields: ['group'] });
    expect(plan(bars([point({ on: 'click' })]))).toMatchObject({ by: 'click' });
    expect(plan(bars([point({ fields: ['group', 'period'] })]))?.fields).toEqual(['group', 'period']);
    expect(plan(lines({ ...point(), bind: 'legend' }))).toMatchObject({ by: 'legend', fields: ['group'] });
    // No fields: each mark is selected by its own id, as Vega-Lite (and Altair's selection_point()) do by default.
    expect(plan(bars([{ name: 'pick', select: 'point' }]))).toMatchObject({ by: 'click', fields: ['_vgsid_'], byId: true });
  });

  test('anything else keeps Vega: hover, another clear or toggle, nearest, an initial value, a brush, a filter or a second param', () => {
    expect(plan(bars([point({ on: 'pointerover' })]))).toBeUndefined();
    expect(plan(bars([point({ clear: false })]))).toBeUndefined();
    expect(plan(bars([point({ toggle: 'event.altKey' })]))).toBeUndefined();
    expect(plan(bars([point({ nearest: true })]))).toBeUndefined();
    expect(plan(bars([{ ...point(), value: [{ group: 'A' }] }]))).toBeUndefined();
    expect(plan(bars([{ name: 'pick', select: { type: 'interval', encodings: ['x'] } }]))).toBeUndefined();
    expect(plan(bars([point()], { transform: [{ filter: { param: 'pick' } }] }))).toBeUndefined();
    expect(plan(bars([point(), { name: 'cut', value: 5, bind: { input: 'range', min: 0, max: 10 } }]))).toBeUndefined();
    expect(plan(bars([{ name: 'pick', select: { type: 'point', encodings: ['y'] } }]))).toBeDefined();
  });

  test('a chart whose text reacts to the selection keeps Vega: only how marks are painted may change', async () => {
    const spec = {
      data: { values },
      layer: [
        { params: [point()], mark: 'bar', encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'pct', type: 'quantitative', aggregate: 'mean' }, opacity: fade } },
        { mark: { type: 'text', align: 'left' }, encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'pct', type: 'quantitative', aggregate: 'mean' }, text: { condition: { param: 'pick', field: 'group' }, value: '' } } },
      ],
    } as unknown as TopLevelSpec;
    const drawn = await renderChartSvgWithStats(compile(spec).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toBeUndefined();
    expect(drawn.svg).not.toContain('data-sel');
  });

  test('a temporal field keys by its timestamp, the number Vega\'s tuple holds and compares', async () => {
    const spec = bars([{ name: 'pick', select: { type: 'point', fields: ['when'] } }], {
      encoding: { y: { field: 'when', type: 'temporal' }, x: { field: 'pct', type: 'quantitative' }, opacity: fade },
    });
    const drawn = await renderChartSvgWithStats(compile(spec).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toEqual({ by: 'click' });
    expect([...drawn.svg.matchAll(/data-sel="([^"]*)"/g)].map((m) => m[1])).toEqual(['[1704067200000]', '[1704067200000]', '[1706745600000]', '[1706745600000]']);
  });
});

describe('what the build writes on the marks', () => {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&quot;/g, '"');
  const attrs = (svg: string) => [...svg.matchAll(/<(path|text|g)\b[^>]*data-sel(?:-legend)?="([^"]*)"[^>]*>/g)].map((m) => ({ tag: m[1], key: m[2]!.replace(/&quot;/g, '"'), on: attr(m[0], 'data-sel-on'), off: attr(m[0], 'data-sel-off'), legend: m[0].includes('data-sel-legend') }));

  test('each bar its key and the paint of its other state; an empty selection shows every bar as selected', async () => {
    const drawn = await renderChartSvgWithStats(compile(bars([point()])).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toEqual({ by: 'click' });
    expect(attrs(drawn.svg)).toEqual([
      { tag: 'path', key: '["A"]', on: undefined, off: '{"opacity":"0.3"}', legend: false },
      { tag: 'path', key: '["B"]', on: undefined, off: '{"opacity":"0.3"}', legend: false },
    ]);
  });

  test('`empty: false`: the drawing is the unselected state and the marks carry their selected paint', async () => {
    const spec = bars([point()], { encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'pct', type: 'quantitative', aggregate: 'mean' }, color: { condition: { param: 'pick', empty: false, value: '#c00' }, value: '#999' } } });
    const drawn = await renderChartSvgWithStats(compile(spec).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toEqual({ by: 'click' });
    expect(attrs(drawn.svg).map((a) => [a.on, a.off])).toEqual([['{"fill":"#c00"}', undefined], ['{"fill":"#c00"}', undefined]]);
    expect(drawn.svg).toMatch(/fill="#999"[^>]*data-sel=/);
  });

  test('conditions that differ in `empty`: unoutlined and opaque when nothing is selected, outlined when selected, faded when not', async () => {
    const spec = bars([point()], { encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'pct', type: 'quantitative', aggregate: 'mean' }, opacity: fade, stroke: { condition: { param: 'pick', empty: false, value: '#000' }, value: null } } });
    const drawn = await renderChartSvgWithStats(compile(spec).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toEqual({ by: 'click' });
    expect(attrs(drawn.svg).map((a) => [a.on, a.off])).toEqual([['{"stroke":"#000"}', '{"opacity":"0.3"}'], ['{"stroke":"#000"}', '{"opacity":"0.3"}']]);
  });

  test('a legend binding: lines, points and each legend entry (its group, symbol and label) carry the group', async () => {
    const drawn = await renderChartSvgWithStats(compile(lines({ ...point(), bind: 'legend' })).spec, 't', { tooltips: true, selection: true });
    expect(drawn.selection).toEqual({ by: 'legend' });
    const legend = attrs(drawn.svg).filter((a) => a.legend);
    expect(legend.map((a) => [a.tag, a.key])).toEqual([['g', '["A"]'], ['path', '["A"]'], ['text', '["A"]'], ['g', '["B"]'], ['path', '["B"]'], ['text', '["B"]']]);
    expect(legend.filter((a) => a.tag !== 'g').every((a) => a.off === '{"opacity":"0.35"}' && a.on === undefined)).toBe(true);
    // Two lines and four points, each with its group.
    expect(attrs(drawn.svg).filter((a) => !a.legend).map((a) => a.key)).toEqual(['["A"]', '["B"]', '["A"]', '["B"]', '["A"]', '["B"]']);
  });

  test('without the option (downloads), nothing is written', async () => {
    const drawn = await renderChartSvgWithStats(compile(bars([point()])).spec, 't', { tooltips: true });
    expect(drawn.selection).toBeUndefined();
    expect(drawn.svg).not.toContain('data-sel');
  });
});
