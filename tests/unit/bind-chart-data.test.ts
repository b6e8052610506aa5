import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { bindChartData, collectFields, MAX_CHART_ROWS } from '../../src/pipeline/bind-chart-data.ts';
import { loadChartSpec, type LoadedChart } from '../../src/pipeline/load-chart-spec.ts';
import type { TypedTable } from '../../src/pipeline/validate-rows.ts';

const FILE = 'content/charts/scores.vl.json';
const URL = 'https://example.com/paper';

const scores: TypedTable = {
  file: 'data/scores.csv',
  columns: ['name', 'baseline', 'result', 'source_url'],
  rows: [
    { name: 'alpha', baseline: 22, result: 15, source_url: URL },
    { name: 'beta', baseline: 65, result: null, source_url: URL },
  ],
  lines: [2, 3],
};
const models: TypedTable = { file: 'data/models.csv', columns: ['name', 'size', 'source_url'], rows: [{ name: 'alpha', size: 7, source_url: URL }], lines: [2] };
const TABLES = new Map([
  ['scores', scores],
  ['models', models],
]);

/** A loaded chart reading data/scores.csv, with the given spec parts (written with 2-space indent). */
function chartWith(parts: Record<string, unknown>): LoadedChart {
  const spec = {
    title: 'Scores',
    description: 'Bars of each score.',
    usermeta: { caption: 'C', source: { label: 'S', url: URL } },
    data: { url: 'data/scores.csv' },
    mark: 'bar',
    ...parts,
  };
  const loaded = loadChartSpec(JSON.stringify(spec, null, 2), FILE, 'scores', ['scores', 'models']);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.chart;
}
function bound(chart: LoadedChart): Record<string, unknown> {
  const result = bindChartData(chart, TABLES);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.spec;
}
function messages(chart: LoadedChart): string[] {
  const result = bindChartData(chart, TABLES);
  if (result.ok) throw new Error('expected problems, got a bound spec');
  return result.problems.map(formatProblem);
}

const bars = { x: { field: 'name', type: 'nominal' }, y: { field: 'result', type: 'quantitative' } };

describe('inlining the rows', () => {
  it('replaces data.url with the dataset rows; no url is left', () => {
    const spec = bound(chartWith({ encoding: bars }));
    expect(spec.data).toEqual({ values: scores.rows });
    expect(JSON.stringify(spec)).not.toContain('"url":"data/');
    expect(spec.encoding).toEqual(bars);
    expect(spec.usermeta).toEqual({ caption: 'C', source: { label: 'S', url: URL } });
  });

  it('drops the CSV type along with the url, keeps the parse (Vega-Lite applies it to the rows)', () => {
    const spec = bound(chartWith({ data: { url: 'data/scores.csv', format: { type: 'csv', parse: { result: 'string' } } }, encoding: bars }));
    expect(spec.data).toEqual({ values: scores.rows, format: { parse: { result: 'string' } } });
    expect(bound(chartWith({ data: { url: 'data/scores.csv', format: { type: 'csv' } }, encoding: bars })).data).toEqual({ values: scores.rows });
  });

  it('binds the data of layers and lookups too', () => {
    const spec = bound(
      chartWith({
        transform: [{ lookup: 'name', from: { data: { url: 'data/models.csv' }, key: 'name', fields: ['size'] } }],
        layer: [{ mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'size', type: 'quantitative' } } }],
      }),
    );
    const transform = spec.transform as [{ from: { data: unknown } }];
    expect(transform[0].from.data).toEqual({ values: models.rows });
    expect(JSON.stringify(spec)).not.toContain('"url":"data/');
  });
});

describe('every field must exist', () => {
  it('an encoding field that is not a column, with "did you mean"', () => {
    const chart = chartWith({ encoding: { x: { field: 'nmae', type: 'nominal' }, y: bars.y } });
    expect(messages(chart)).toEqual([
      'content/charts/scores.vl.json:17:7 encoding.x.field: expected a column of data/scores.csv (name, baseline, result, source_url), got "nmae" (did you mean "name"?)',
    ]);
  });

  it('a field unlike any column', () => {
    const chart = chartWith({ encoding: { x: bars.x, y: { field: 'accuracy', type: 'quantitative' } } });
    expect(messages(chart)).toEqual([
      'content/charts/scores.vl.json:21:7 encoding.y.field: expected a column of data/scores.csv (name, baseline, result, source_url), got "accuracy" (add the column to data/scores.csv, or fix the field name)',
    ]);
  });

  it('fields in tooltips, filters and calculate expressions', () => {
    const chart = chartWith({
      transform: [{ filter: 'datum.reslt > 0' }, { calculate: "datum['baselin'] - datum.result", as: 'drop' }],
      encoding: { ...bars, tooltip: [{ field: 'nam' }] },
    });
    const all = messages(chart);
    expect(all).toHaveLength(3);
    expect(all[0]).toContain('transform.0.filter: expected a column of data/scores.csv');
    expect(all[0]).toContain('got "reslt" (did you mean "result"?)');
    expect(all[1]).toContain('transform.1.calculate: expected a column of data/scores.csv');
    expect(all[1]).toContain('got "baselin" (did you mean "baseline"?)');
    expect(all[2]).toContain('encoding.tooltip.0.field: expected a column of data/scores.csv');
    expect(all[2]).toContain('got "nam" (did you mean "name"?)');
  });

  it('fields listed in transforms (fold, groupby)', () => {
    const chart = chartWith({ transform: [{ fold: ['baseline', 'reslt'] }, { aggregate: [{ op: 'sum', field: 'value', as: 'total' }], groupby: ['nme'] }] });
    const all = messages(chart);
    expect(all).toHaveLength(2);
    expect(all[0]).toContain('transform.0.fold.1: expected a column of data/scores.csv');
    expect(all[1]).toContain('transform.1.groupby.0: expected a column of data/scores.csv');
  });

  it('columns of a lookup dataset count as columns', () => {
    const chart = chartWith({
      transform: [{ lookup: 'name', from: { data: { url: 'data/models.csv' }, key: 'name', fields: ['size'] } }],
      encoding: { x: bars.x, y: { field: 'size', type: 'quantitative' } },
    });
    expect(bindChartData(chart, TABLES).ok).toBe(true);
  });
});

describe('transform outputs are fields too', () => {
  it('fold with "as" and calculate', () => {
    const chart = chartWith({
      transform: [
        { fold: ['baseline', 'result'], as: ['stage', 'rate'] },
        { calculate: "datum.stage === 'baseline' ? 'Before' : 'After'", as: 'when' },
      ],
      encoding: { x: { field: 'when', type: 'ordinal' }, y: { field: 'rate', type: 'quantitative' }, detail: { field: 'name' } },
    });
    expect(bindChartData(chart, TABLES).ok).toBe(true);
  });

  it('fold without "as" creates key and value', () => {
    const chart = chartWith({ transform: [{ fold: ['baseline', 'result'] }], encoding: { x: { field: 'key', type: 'nominal' }, y: { field: 'value', type: 'quantitative' } } });
    expect(bindChartData(chart, TABLES).ok).toBe(true);
  });

  it('aggregate and window outputs', () => {
    const chart = chartWith({
      transform: [
        { aggregate: [{ op: 'mean', field: 'result', as: 'mean_result' }], groupby: ['name'] },
        { window: [{ op: 'rank', as: 'rank' }], sort: [{ field: 'mean_result', order: 'descending' }] },
      ],
      encoding: { x: { field: 'rank', type: 'ordinal' }, y: { field: 'mean_result', type: 'quantitative' } },
    });
    expect(bindChartData(chart, TABLES).ok).toBe(true);
  });

  it('a nested field is checked by its first part', () => {
    const nested = { x: { field: 'name.first', type: 'nominal' }, y: { field: 'nope.x', type: 'quantitative' } };
    const all = messages(chartWith({ encoding: nested }));
    expect(all).toHaveLength(1);
    expect(all[0]).toContain('encoding.y.field');
    expect(all[0]).toContain('got "nope.x"');
  });

  it('the "_end" field of a bin transform (Vega-Lite\'s documented binned-data pattern)', () => {
    // { bin: true, field: 'result', as: 'bin_result' } creates bin_result and bin_result_end.
    const chart = chartWith({
      transform: [{ bin: true, field: 'result', as: 'bin_result' }],
      encoding: { x: { field: 'bin_result', type: 'quantitative', bin: { binned: true } }, x2: { field: 'bin_result_end' }, y: { aggregate: 'count', type: 'quantitative' } },
    });
    const result = bindChartData(chart, TABLES);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('the default outputs of a density transform ("value" and "density")', () => {
    const chart = chartWith({
      mark: 'area',
      transform: [{ density: 'result' }],
      encoding: { x: { field: 'value', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
    });
    const result = bindChartData(chart, TABLES);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });
});

describe('collectFields', () => {
  it('finds the fields a spec reads and the ones it creates', () => {
    const { uses, created } = collectFields({
      transform: [{ calculate: 'datum.a + datum["b c"]', as: 'sum' }],
      encoding: { x: { field: 'sum' }, y: { field: 'd', sort: { field: 'e' } } },
      data: { url: 'data/x.csv', field: 'ignored' },
    });
    expect(uses.map((u) => u.field).sort()).toEqual(['a', 'b c', 'd', 'e', 'sum']);
    expect([...created]).toEqual(['sum']);
    expect(uses.find((u) => u.field === 'e')?.path).toEqual(['encoding', 'y', 'sort', 'field']);
  });
});

describe('data as Vega-Lite knows it', () => {
  const point = (x: string, y: string) => ({ x: { field: x, type: 'quantitative' }, y: { field: y, type: 'quantitative' } });

  it('inline values, named datasets and sequences need no dataset; their fields are checked against their rows', () => {
    expect(bound(chartWith({ data: { values: [{ a: 1, b: 2 }] }, mark: 'point', encoding: point('a', 'b') })).data).toEqual({ values: [{ a: 1, b: 2 }] });
    expect(bindChartData(chartWith({ data: { name: 't' }, datasets: { t: [{ a: 1, b: 2 }] }, mark: 'point', encoding: point('a', 'b') }), TABLES).ok).toBe(true);
    expect(bindChartData(chartWith({ data: { sequence: { start: 0, stop: 5, as: 'x' } }, transform: [{ calculate: 'datum.x * 2', as: 'y' }], mark: 'line', encoding: point('x', 'y') }), TABLES).ok).toBe(true);
    expect(messages(chartWith({ data: { values: [{ a: 1, b: 2 }] }, mark: 'point', encoding: point('a', 'c') }))).toEqual([
      'content/charts/scores.vl.json:26:7 encoding.y.field: expected a column of the spec\'s data (a, b), got "c" (did you mean "a"?)',
    ]);
  });

  it('rows written as CSV text are bound as rows (Vega\'s CSV reader would need eval in the browser)', () => {
    const spec = bound(chartWith({ data: { values: 'a,b\n1,x\n2,y', format: { type: 'csv', parse: { a: 'number' } } }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } }));
    expect(spec.data).toEqual({ values: [{ a: '1', b: 'x' }, { a: '2', b: 'y' }], format: { parse: { a: 'number' } } });
  });

  it('layers with their own datasets: each binds its rows, fields come from either', () => {
    const spec = bound(chartWith({ data: undefined, layer: [{ data: { url: 'data/scores.csv' }, mark: 'bar', encoding: bars }, { data: { url: 'data/models.csv' }, mark: 'rule', encoding: { y: { field: 'size', type: 'quantitative' } } }] }));
    expect((spec.layer as { data: unknown }[]).map((l) => l.data)).toEqual([{ values: scores.rows }, { values: models.rows }]);
  });

  it('knows "*", transform outputs, access paths, escaped names and guide fields', () => {
    const ok = (parts: Record<string, unknown>) => expect(bindChartData(chartWith(parts), TABLES)).toMatchObject({ ok: true });
    ok({ encoding: { x: { field: '*', aggregate: 'count', type: 'quantitative' } } });
    ok({ transform: [{ regression: 'result', on: 'baseline', params: true }], mark: 'text', encoding: { text: { field: 'rSquared', type: 'quantitative' } } });
    ok({ transform: [{ aggregate: [{ op: 'argmax', field: 'result', as: 'best' }] }], encoding: { x: { field: "best['name']", type: 'nominal' } } });
    ok({ params: [{ name: 'pick', select: 'point' }], transform: [{ lookup: 'name', from: { param: 'pick', key: 'name' } }], encoding: { x: { field: 'pick.result', type: 'quantitative' } } });
    ok({ encoding: { x: { field: 'name', type: 'nominal', axis: { gridColor: { condition: { test: { field: 'value', equal: 'alpha' }, value: 'red' }, value: 'grey' } } } } });
    ok({ data: { values: [{ 'a.b': 1 }] }, encoding: { x: { field: 'a\\.b', type: 'quantitative' } } });
    ok({ config: { axisX: { gridDash: { condition: { test: { field: 'value', timeUnit: 'month', equal: 1 }, value: [] }, value: [2, 2] } } }, encoding: bars });
    ok({ data: { values: [{ c: 'no', t: 'gold', n: 1 }] }, transform: [{ pivot: 't', value: 'n', groupby: ['c'] }], encoding: { x: { field: 'gold', type: 'quantitative' } } });
    ok({ data: { values: 'a,b\n1,2\n3,4', format: { type: 'csv' } }, encoding: { x: { field: 'a', type: 'quantitative' } } });
  });

  it('binds a map as its parsed file, read as the spec says', () => {
    const topology = { type: 'Topology', objects: { land: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };
    const chart = loadChartSpec(JSON.stringify({ title: 'Map', description: 'A map.', usermeta: { caption: 'C', source: { label: 'S', url: URL } }, data: { url: 'data/world.topojson', format: { type: 'topojson', feature: 'land' } }, mark: 'geoshape' }), FILE, 'map', ['world.topojson']);
    if (!chart.ok) throw new Error('expected a chart');
    const result = bindChartData(chart.chart, TABLES, new Map([['world.topojson', { kind: 'topojson', json: topology }]]));
    expect(result.ok && result.spec.data).toEqual({ values: topology, format: { type: 'topojson', feature: 'land' } });
  });

  it('rows written in the spec or generated count against the limit too', () => {
    const many = Array.from({ length: MAX_CHART_ROWS + 1 }, (_, i) => ({ a: i }));
    expect(messages(chartWith({ data: { values: many }, encoding: { x: { field: 'a', type: 'quantitative' } } }))[0]).toMatch(/data\.values: expected a dataset of at most 10,000 rows for one chart, got 10,001 rows written in the spec/);
    expect(messages(chartWith({ data: { sequence: { start: 0, stop: 1e6 } }, encoding: { x: { field: 'data', type: 'quantitative' } } }))[0]).toMatch(/data\.sequence: expected a dataset of at most 10,000 rows for one chart, got 1,000,000 rows generated by the sequence/);
  });
});

describe('the rows one chart may bind', () => {
  const big = (n: number): TypedTable => ({
    file: 'data/scores.csv',
    columns: scores.columns,
    rows: Array.from({ length: n }, (_, i) => ({ name: `n${i}`, baseline: 1, result: 2, source_url: URL })),
    lines: Array.from({ length: n }, (_, i) => i + 2),
  });

  it(`binds ${MAX_CHART_ROWS} rows`, () => {
    expect(bindChartData(chartWith({ encoding: bars }), new Map([['scores', big(MAX_CHART_ROWS)], ['models', models]])).ok).toBe(true);
  });

  it('refuses one row more, at the data.url, saying how to fix it', () => {
    const result = bindChartData(chartWith({ encoding: bars }), new Map([['scores', big(MAX_CHART_ROWS + 1)], ['models', models]]));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'content/charts/scores.vl.json:12:5 data.url: expected a dataset of at most 10,000 rows for one chart, got 10,001 rows in data/scores.csv (add a top-level \"transform\" that aggregates the rows (it runs at build time for large datasets), or chart a smaller, aggregated dataset)',
    ]);
  });
});
