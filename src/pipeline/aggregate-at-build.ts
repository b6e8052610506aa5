/**
 * Large datasets are reduced at build time: when a chart reads more rows than
 * a page should carry (MAX_CHART_ROWS) and its spec has a top-level
 * `transform`, the transforms run here, in Node, with Vega itself, and the
 * chart is bound to their output instead. The page and the chart's spec then
 * carry the aggregated rows, never the million behind them.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { LoadedChart } from './load-chart-spec.ts';
import { DATA_URL } from './load-chart-spec.ts';
import { MAX_CHART_ROWS } from './bind-chart-data.ts';
import { runTransformsInPool } from './render-pool.ts';
import type { TypedRow, TypedTable } from './validate-rows.ts';

/** Run Vega-Lite `transform`s over rows with a headless Vega view; returns plain rows. */
export async function runTransforms(rows: TypedRow[], transform: unknown[]): Promise<TypedRow[]> {
  const { spec } = compile({ data: { values: rows }, transform, mark: 'point' } as unknown as TopLevelSpec);
  const marks = (spec as { marks?: { from?: { data?: string } }[] }).marks ?? [];
  const source = marks[0]?.from?.data;
  if (!source) return rows;
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    await view.runAsync();
    // Copy out of Vega's tuples (which carry a symbol id) into plain JSON rows.
    return (view.data(source) as TypedRow[]).map((row) => JSON.parse(JSON.stringify(row)) as TypedRow);
  } finally {
    view.finalize();
  }
}

/**
 * When the chart's one dataset is too large to inline and the spec transforms
 * it, return the chart without its transforms and a table of transformed rows.
 */
export async function aggregateAtBuild(
  chart: LoadedChart,
  tables: ReadonlyMap<string, TypedTable>,
): Promise<{ chart: LoadedChart; tables: Map<string, TypedTable>; rowsBefore: number } | undefined> {
  const spec = chart.spec as { data?: { url?: unknown }; transform?: unknown };
  const name = DATA_URL.exec(String(spec.data?.url ?? ''))?.[1];
  const table = name === undefined ? undefined : tables.get(name);
  if (!table || table.rows.length <= MAX_CHART_ROWS || !Array.isArray(spec.transform) || spec.transform.length === 0) return undefined;
  // In the render pool: a transform is code, and may run forever (render-pool.ts).
  const rows = await runTransformsInPool(table.rows, spec.transform);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const { transform: _transform, ...rest } = chart.spec;
  const reduced = new Map(tables);
  reduced.set(name!, { file: table.file, columns, rows, lines: rows.map(() => 0) });
  return { chart: { ...chart, spec: rest }, tables: reduced, rowsBefore: table.rows.length };
}
