import { describe, expect, test } from 'vitest';
import { aggregateAtBuild, runTransforms } from '../../src/pipeline/aggregate-at-build.ts';
import { bindChartData, MAX_CHART_ROWS } from '../../src/pipeline/bind-chart-data.ts';
import { chartDownloads } from '../../src/pipeline/chart-downloads.ts';
import { loadChartSpec } from '../../src/pipeline/load-chart-spec.ts';
import type { TypedTable } from '../../src/pipeline/validate-rows.ts';

const ROWS = 20_000;
const table: TypedTable = {
  file: 'data/big.csv',
  columns: ['group', 'value', 'source_url'],
  rows: Array.from({ length: ROWS }, (_, i) => ({ group: `g${i % 4}`, value: i % 10, source_url: 'https://example.org/' })),
  lines: Array.from({ length: ROWS }, (_, i) => i + 2),
};
const tables = new Map([['big', table]]);

function chart(extra: Record<string, unknown>) {
  const spec = {
    title: 'Big',
    description: 'Mean value by group.',
    usermeta: { caption: 'c', source: { label: 's', url: 'https://example.org/' } },
    data: { url: 'data/big.csv' },
    mark: 'bar',
    encoding: { x: { field: 'group', type: 'nominal' }, y: { field: 'mean_value', type: 'quantitative' } },
    ...extra,
  };
  const loaded = loadChartSpec(JSON.stringify(spec, null, 2), 'content/charts/big.vl.json', 'big', ['big']);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.chart;
}

describe('aggregating large datasets at build time', () => {
  test('runs Vega-Lite transforms with Vega and returns plain rows', async () => {
    const rows = await runTransforms(table.rows, [{ aggregate: [{ op: 'mean', field: 'value', as: 'mean_value' }, { op: 'count', as: 'n' }], groupby: ['group'] }]);
    expect(rows.map((r) => [r.group, r.n])).toEqual([['g0', 5000], ['g1', 5000], ['g2', 5000], ['g3', 5000]]);
    // Vega averages incrementally, so the means carry float noise in the last digits.
    rows.forEach((r, i) => expect(r.mean_value).toBeCloseTo([4, 5, 4, 5][i]!, 9));
  });

  test('a chart over more rows than a page should carry is bound to its aggregated rows, without its transform', async () => {
    expect(ROWS).toBeGreaterThan(MAX_CHART_ROWS);
    const big = chart({ transform: [{ aggregate: [{ op: 'mean', field: 'value', as: 'mean_value' }], groupby: ['group'] }] });
    const reduced = await aggregateAtBuild(big, tables);
    expect(reduced?.rowsBefore).toBe(ROWS);
    const bound = bindChartData(reduced!.chart, reduced!.tables);
    expect(bound.ok).toBe(true);
    if (!bound.ok) return;
    expect(bound.spec.transform).toBeUndefined();
    expect((bound.spec.data as { values: unknown[] }).values).toHaveLength(4);
  });

  test('without a transform, a large dataset is refused with the fix', async () => {
    const plain = chart({});
    expect(await aggregateAtBuild(plain, tables)).toBeUndefined();
    const bound = bindChartData(plain, tables);
    expect(bound.ok).toBe(false);
    if (bound.ok) return;
    expect(bound.problems.map((p) => `${p.expected} | ${p.found} | ${p.fix}`)).toContain(
      'a dataset of at most 10,000 rows for one chart | 20,000 rows in data/big.csv | add a top-level "transform" that aggregates the rows (it runs at build time for large datasets), or chart a smaller, aggregated dataset',
    );
  });
});

test('running the transforms leaves the dataset\'s own rows as they were (no symbol keys for the data store)', async () => {
  const rows = [{ group: 'a', value: 1 }, { group: 'b', value: 2 }];
  await runTransforms(rows, [{ aggregate: [{ op: 'count', as: 'n' }], groupby: ['group'] }]);
  expect(rows.map((row) => Object.getOwnPropertySymbols(row))).toEqual([[], []]);
});

describe('the download of a chart aggregated at build time', () => {
  test('holds the rows the chart draws, not the rows behind them', async () => {
    const aggregated = await aggregateAtBuild(chart({ transform: [{ aggregate: [{ op: 'mean', field: 'value', as: 'mean_value' }], groupby: ['group'] }] }), tables);
    const [download, ...rest] = chartDownloads(aggregated!.chart, aggregated!.tables);
    expect(rest).toEqual([]);
    expect(download!.name).toBe('big');
    expect(download!.columns).toEqual(['group', 'mean_value']);
    expect(download!.rows.map((r) => r.group)).toEqual(['g0', 'g1', 'g2', 'g3']);
  });
});
