/**
 * Large datasets are reduced at build time: when a chart reads more rows than
 * a page should carry (MAX_CHART_ROWS) and its spec has a top-level
 * `transform`, the transforms run at build time and the chart is bound to
 * their output instead. The page and the chart's spec then carry the
 * aggregated rows, never the millions behind them.
 *
 * For a dataset held in memory the transforms run in Node with Vega itself.
 * For a large dataset (its rows stay in DuckDB) they are translated to SQL
 * (src/pipeline/transforms-to-sql.ts) and run by DuckDB: the leading
 * `filter`, `calculate`, `bin`, `timeUnit` and `aggregate` transforms; any after
 * the first one SQL cannot express stay in the spec and run on the reduced rows.
 */
import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { parse, View } from 'vega';
import { quote, type Problem } from '../errors/report-error.ts';
import { allRows, database, duckdbMessage, exclusive, ident } from '../engines/duckdb.ts';
import { positionOfPath } from '../errors/json-position.ts';
import { findDataRefs } from './load-chart-spec.ts';
import { transformsToSql } from './transforms-to-sql.ts';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { LoadedChart } from './load-chart-spec.ts';
import { DATA_URL } from './load-chart-spec.ts';
import { MAX_CHART_ROWS } from './bind-chart-data.ts';
import { runTransformsInPool } from '../engines/render-pool.ts';
import type { TypedRow, TypedTable } from './validate-rows.ts';

/** Run Vega-Lite `transform`s over rows with a headless Vega view; returns plain rows. */
export async function runTransforms(rows: TypedRow[], transform: unknown[]): Promise<TypedRow[]> {
  // Copies: Vega tags every tuple it ingests with a symbol id, and the dataset's own rows
  // are shared with the rest of the build (the data store cannot serialise a symbol key).
  const { spec } = compile({ data: { values: rows.map((row) => ({ ...row })) }, transform, mark: 'point' } as unknown as TopLevelSpec);
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

export interface LargeData {
  root: string;
  /** Datasets whose rows stay in DuckDB, with their row counts. */
  rowCounts: ReadonlyMap<string, number>;
  /** Their digests: a chart's aggregated rows are reused while the data and the transforms are the same. */
  digests?: ReadonlyMap<string, string>;
}

// Vega's bin arithmetic (vega-statistics, re-exported by vega but missing from its types).
const vegaBin = (vega as unknown as { bin: (options: Record<string, unknown>) => { start: number; stop: number; step: number } }).bin;

export type Aggregated = { chart: LoadedChart; tables: Map<string, TypedTable>; rowsBefore: number };

/**
 * When the chart's one dataset is too large to inline and the spec transforms
 * it, return the chart without its (build-time) transforms and a table of
 * transformed rows; for a large dataset that cannot be reduced, the problems.
 */
export async function aggregateAtBuild(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>): Promise<Aggregated | undefined>;
export async function aggregateAtBuild(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>, large: LargeData): Promise<Aggregated | { problems: Problem[] } | undefined>;
export async function aggregateAtBuild(chart: LoadedChart, tables: ReadonlyMap<string, TypedTable>, large?: LargeData): Promise<Aggregated | { problems: Problem[] } | undefined> {
  const spec = chart.spec as { data?: { url?: unknown }; transform?: unknown };
  const name = DATA_URL.exec(String(spec.data?.url ?? ''))?.[1];
  const rowsOf = (n: string) => large?.rowCounts.get(n);
  // A large dataset anywhere but the top-level data (a layer, a lookup) cannot be reduced here.
  const tooMany: Problem[] = [];
  for (const ref of findDataRefs(chart.spec)) {
    if (ref.kind !== 'url') continue;
    const other = DATA_URL.exec(String(ref.url))?.[1];
    const rows = other === undefined ? undefined : rowsOf(other);
    if (rows === undefined || (other === name && ref.path.join('.') === 'data.url')) continue;
    tooMany.push(tooManyRows(chart, ref.path, other!, rows));
  }
  if (tooMany.length > 0) return { problems: tooMany };
  if (name !== undefined && large && rowsOf(name) !== undefined) return aggregateInDuckDB(chart, name, rowsOf(name)!, large.root, tables, large.digests?.get(name));
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

function tooManyRows(chart: LoadedChart, path: (string | number)[], name: string, rows: number): Problem {
  return {
    file: chart.meta.file,
    ...positionOfPath(chart.text, path),
    field: path.join('.'),
    expected: `a dataset of at most ${MAX_CHART_ROWS.toLocaleString('en-US')} rows for one chart`,
    found: `${rows.toLocaleString('en-US')} rows in data/${name}.csv`,
    fix: 'add a top-level "transform" that aggregates the rows (it runs at build time for large datasets), or chart a smaller, aggregated dataset',
  };
}

async function aggregateInDuckDB(chart: LoadedChart, name: string, rowsBefore: number, root: string, tables: ReadonlyMap<string, TypedTable>, digest?: string): Promise<Aggregated | { problems: Problem[] }> {
  const transforms = Array.isArray(chart.spec.transform) ? (chart.spec.transform as unknown[]) : [];
  const table = tables.get(name)!;
  if (transforms.length === 0) return { problems: [tooManyRows(chart, ['data', 'url'], name, rowsBefore)] };
  const at = (i: number) => ({ file: chart.meta.file, ...positionOfPath(chart.text, ['transform', i]), field: `transform.${i}` });
  return exclusive(root, async () => {
    const db = await database(root);
    // A bin needs the field's extent before it can be written as SQL: DuckDB gives it.
    const extent = async (from: string, field: string): Promise<[number, number]> => {
      const row = (await allRows(db, `SELECT min(${ident(field)}) AS lo, max(${ident(field)}) AS hi FROM (${from})`))[0]!;
      return [Number(row.lo ?? 0), Number(row.hi ?? 0)];
    };
    const translated = await transformsToSql(`SELECT * FROM main.${ident(name)}`, table.columns, transforms, { extent, bins: vegaBin });
    if (translated.used === 0) {
      return {
        problems: [{ ...at(0), expected: `a first transform DuckDB can run at build time over the ${rowsBefore.toLocaleString('en-US')} rows (filter, calculate, bin, timeUnit or aggregate, with expressions of datum fields, numbers, strings, comparisons, && || !)`, found: translated.reason ?? quote(JSON.stringify(transforms[0])), fix: 'aggregate first, or chart a .sql dataset that aggregates the rows (README: Queries)' }],
      };
    }
    let rows: Record<string, unknown>[];
    // The pre-check and Astro's loader both bind the chart: the second one reuses the first one's rows.
    const key = digest === undefined ? undefined : createHash('sha256').update(`${digest}\0${translated.sql}`).digest('hex');
    try {
      await db.run('CREATE TABLE IF NOT EXISTS raw.__aggregates (key VARCHAR PRIMARY KEY, rows VARCHAR)');
      const cached = key === undefined ? undefined : (await allRows(db, 'SELECT rows FROM raw.__aggregates WHERE key = $1', [key]))[0];
      rows = cached ? (JSON.parse(String(cached.rows)) as Record<string, unknown>[]) : await allRows(db, `${translated.sql} LIMIT ${MAX_CHART_ROWS + 1}`);
      if (key !== undefined && !cached) await db.run('INSERT OR REPLACE INTO raw.__aggregates VALUES ($1, $2)', [key, JSON.stringify(rows)]);
    } catch (error) {
      return { problems: [{ ...at(0), expected: 'transforms DuckDB can run', found: duckdbMessage(error), fix: 'check the field names and expressions' }] };
    }
    if (rows.length > MAX_CHART_ROWS) {
      return { problems: [{ ...at(translated.used - 1), expected: `transforms that reduce the ${rowsBefore.toLocaleString('en-US')} rows of data/${name}.csv to at most ${MAX_CHART_ROWS.toLocaleString('en-US')}`, found: `more than ${MAX_CHART_ROWS.toLocaleString('en-US')} rows after ${translated.used} transform${translated.used === 1 ? '' : 's'}`, fix: 'add an "aggregate" (or a coarser "bin") so the chart draws fewer rows' }] };
    }
    const rest = transforms.slice(translated.used);
    const { transform: _transform, ...spec } = chart.spec;
    const reduced = new Map(tables);
    reduced.set(name, { file: table.file, columns: translated.columns, rows, lines: rows.map(() => 0) });
    return { chart: { ...chart, spec: rest.length > 0 ? { ...spec, transform: rest } : spec }, tables: reduced, rowsBefore };
  });
}
