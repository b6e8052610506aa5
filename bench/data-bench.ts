/**
 * The research-scale data part of `npm run bench` (alone: `npm run bench -- --data`).
 *
 * One small synthetic report (3 chapters, 3 charts of 50-row datasets) built
 * cold, then the same report with:
 * - a 1,000,000-row CSV behind an aggregated chart and a <Value> of a `.sql`
 *   dataset over it, read the in-memory way (papaparse, every row in the JS heap
 *   and in Astro's data store: the path before DuckDB) and the DuckDB way;
 * - a 1,000,000-row and a 10,000,000-row Parquet file behind three aggregated
 *   charts and a <Value> of a `.sql` dataset over it.
 * The data files are written by DuckDB at bench time (never committed). Build
 * time and peak memory of each, the cost over the small report, and the growth
 * factor from 1M to 10M rows.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSynthetic } from './generate-synthetic.ts';
import { clearCaches, runBuild, type BuildRun } from './measure-build.ts';

const SOURCE = 'https://example.org/synthetic-study';
const SCHEMA = `import { count, defineDataset, number, oneOf, percent, sourceUrl, text } from '#schema';
export default defineDataset({
  key: 'id',
  description: 'Synthetic runs: one scored sample per row.',
  columns: { id: text(), model: oneOf(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']), score_pct: percent(), tokens: count(), source_url: sourceUrl() },
});
`;
const SUMMARY_SCHEMA = `import { count, defineDataset, number, sourceUrl, text } from '#schema';
export default defineDataset({
  key: 'id',
  description: 'How many runs passed (score of 50% or more), over every run.',
  columns: { id: text(), runs: count(), passed: count(), mean_pct: number(), source_url: sourceUrl() },
});
`;
const chart = (title: string, transform: unknown[], encoding: Record<string, unknown>) => ({
  title,
  description: `${title}, aggregated at build time from every run.`,
  usermeta: { caption: 'Synthetic runs.', source: { label: 'Synthetic', url: SOURCE } },
  data: { url: 'data/runs.csv' },
  transform,
  mark: 'bar',
  encoding,
});
const CHARTS = {
  'runs-mean': chart('Mean score by model', [{ aggregate: [{ op: 'mean', field: 'score_pct', as: 'mean_score' }], groupby: ['model'] }], { x: { field: 'model', type: 'nominal' }, y: { field: 'mean_score', type: 'quantitative' } }),
  'runs-hist': chart('Distribution of scores', [{ bin: { maxbins: 20 }, field: 'score_pct', as: 'bin_score' }, { aggregate: [{ op: 'count', as: 'n' }], groupby: ['bin_score', 'bin_score_end'] }], { x: { field: 'bin_score', type: 'quantitative', bin: { binned: true } }, x2: { field: 'bin_score_end' }, y: { field: 'n', type: 'quantitative' } }),
  'runs-passed': chart('Passed runs by model', [{ filter: 'datum.score_pct >= 50' }, { aggregate: [{ op: 'count', as: 'passed' }, { op: 'sum', field: 'tokens', as: 'tokens' }], groupby: ['model'] }], { x: { field: 'model', type: 'nominal' }, y: { field: 'passed', type: 'quantitative' }, tooltip: [{ field: 'tokens' }] }),
};

export interface DataCase {
  name: string;
  label: string;
  run: BuildRun;
  inputBytes?: number;
}

async function writeRuns(duck: Awaited<ReturnType<DuckDBInstance['connect']>>, path: string, rows: number, format: 'csv' | 'parquet'): Promise<void> {
  const select = `SELECT 'r' || i AS id, ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'][i % 8 + 1] AS model, ((i * 7919) % 1001) / 10.0 AS score_pct, (i * 31) % 5000 AS tokens, '${SOURCE}' AS source_url FROM range(${rows}) t(i)`;
  await duck.run(`COPY (${select}) TO '${path}' (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`);
}

/** The small report, plus (when `rows`) the runs as `format` behind `charts` aggregated charts and a <Value> of a query over them. */
export async function prepare(root: string, rows: number | undefined, format: 'csv' | 'parquet', charts: number): Promise<number | undefined> {
  await rm(root, { recursive: true, force: true });
  await generateSynthetic(root, { chapters: 3, charts: 3, rows: 50, seed: 7 });
  if (rows === undefined) return undefined;
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const file = join(root, 'data', `runs.${format}`);
  await writeRuns(duck, file, rows, format);
  duck.closeSync();
  await writeFile(join(root, 'data/runs.schema.ts'), SCHEMA);
  await writeFile(join(root, 'data/summary.sql'), `SELECT 'all' AS id, count(*) AS runs, count(*) FILTER (WHERE score_pct >= 50) AS passed, avg(score_pct) AS mean_pct, '${SOURCE}' AS source_url FROM runs\n`);
  await writeFile(join(root, 'data/summary.schema.ts'), SUMMARY_SCHEMA);
  const ids = Object.keys(CHARTS).slice(0, charts);
  for (const id of ids) await writeFile(join(root, 'content/charts', `${id}.vl.json`), JSON.stringify(CHARTS[id as keyof typeof CHARTS], null, 2));
  const overview = join(root, 'content/chapters', 'ch001.mdx');
  const text = await readFile(overview, 'utf8').catch(() => undefined);
  const body = `\n\nOf <Value dataset="summary" row="all" field="runs" /> runs, <Value dataset="summary" row="all" field="passed" /> passed; run r12345 scored <Value dataset="runs" row="r12345" field="score_pct" format="percent" />.\n\n${ids.map((id) => `<Chart id="${id}" />`).join('\n\n')}\n`;
  if (text === undefined) throw new Error(`bench: ${overview} is missing`);
  await appendFile(overview, body);
  return (await stat(file)).size;
}

/** Build every case cold; `log` prints progress. */
export async function benchData(out: string, log: (line: string) => void, timeoutMs: number): Promise<DataCase[]> {
  await mkdir(out, { recursive: true });
  const plan: { name: string; label: string; rows?: number; format: 'csv' | 'parquet'; charts: number; env?: Record<string, string> }[] = [
    { name: 'base', label: 'small report (3 chapters, 3 charts of 50-row datasets)', format: 'csv', charts: 0 },
    { name: 'csv-1m-memory', label: '+ 1,000,000-row CSV, 1 aggregated chart, <Value>: in memory (papaparse, the path before DuckDB)', rows: 1_000_000, format: 'csv', charts: 1, env: { PAPAPARSE_MAX_BYTES: '1000000000' } },
    { name: 'csv-1m', label: '+ 1,000,000-row CSV, 1 aggregated chart, <Value>: DuckDB', rows: 1_000_000, format: 'csv', charts: 1 },
    { name: 'parquet-1m', label: '+ 1,000,000-row Parquet, 3 aggregated charts, <Value>', rows: 1_000_000, format: 'parquet', charts: 3 },
    { name: 'parquet-10m', label: '+ 10,000,000-row Parquet, 3 aggregated charts, <Value>', rows: 10_000_000, format: 'parquet', charts: 3 },
  ];
  const results: DataCase[] = [];
  for (const step of plan) {
    const root = join(out, `data-${step.name}`);
    log(`data: ${step.label}: generating`);
    const inputBytes = await prepare(root, step.rows, step.format, step.charts);
    await clearCaches(root);
    log(`data: ${step.label}: cold build`);
    const run = await runBuild(root, { timeoutMs, env: step.env });
    log(`  ${run.ok ? 'ok' : `FAILED${run.timedOut ? ' (timeout)' : ''}\n${run.tail}`}: ${run.seconds.toFixed(1)} s, peak ${Math.round(run.peakRssMB)} MB`);
    results.push({ name: step.name, label: step.label, run, inputBytes });
    await rm(join(root, 'data', `runs.${step.format}`), { force: true });
    await rm(join(root, 'dist'), { recursive: true, force: true });
    await rm(join(root, '.cache'), { recursive: true, force: true });
  }
  return results;
}

/** The table and budgets for BENCHMARKS.md. */
export function dataReport(cases: DataCase[]): { table: string; budgets: { name: string; pass: boolean; detail: string }[] } {
  const by = (name: string) => cases.find((c) => c.name === name);
  const base = by('base');
  const s = (v: number) => `${v.toFixed(1)} s`;
  const mb = (v: number) => `${Math.round(v)} MB`;
  const extra = (c: DataCase) => (base?.run.ok && c.run.ok && c !== base ? `+${s(c.run.seconds - base.run.seconds)}` : '');
  const rows = cases.map((c) => `| ${c.label} | ${c.inputBytes ? `${(c.inputBytes / 1e6).toFixed(0)} MB` : '–'} | ${c.run.ok ? s(c.run.seconds) : c.run.timedOut ? 'timed out' : 'failed'} | ${extra(c)} | ${mb(c.run.peakRssMB)} | ${c.run.stages.checkAndSwap !== undefined ? s(c.run.stages.checkAndSwap) : '–'} / ${c.run.stages.contentSync !== undefined ? s(c.run.stages.contentSync) : '–'} | ${c.run.loadBefore.toFixed(2)} |`);
  const table = [
    '| case (each a cold build: every cache deleted) | input file | build | over the small report | peak memory | pre-check+swap / content sync | load at start |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  const budgets: { name: string; pass: boolean; detail: string }[] = [];
  const csv = by('csv-1m');
  const p1 = by('parquet-1m');
  const p10 = by('parquet-10m');
  if (base?.run.ok && csv) budgets.push({ name: '1,000,000-row CSV behind an aggregated chart adds at most 2 s and peaks under 1 GB', pass: csv.run.ok && csv.run.seconds - base.run.seconds <= 2 && csv.run.peakRssMB < 1024, detail: `+${s(csv.run.seconds - base.run.seconds)}, peak ${mb(csv.run.peakRssMB)}` });
  if (base?.run.ok && p10) budgets.push({ name: '10,000,000-row Parquet behind three aggregated charts adds under 10 s and peaks under 1.5 GB', pass: p10.run.ok && p10.run.seconds - base.run.seconds < 10 && p10.run.peakRssMB < 1536, detail: `+${s(p10.run.seconds - base.run.seconds)}, peak ${mb(p10.run.peakRssMB)}` });
  let growth = '';
  if (base?.run.ok && p1?.run.ok && p10?.run.ok) {
    const time = (p10.run.seconds - base.run.seconds) / Math.max(0.05, p1.run.seconds - base.run.seconds);
    const memory = (p10.run.peakRssMB - base.run.peakRssMB) / Math.max(1, p1.run.peakRssMB - base.run.peakRssMB);
    growth = `\n\nGrowth from 1M to 10M Parquet rows (10× the rows), over the small report: build time ×${time.toFixed(1)}, peak memory ×${memory.toFixed(1)} (linear would be ×10 or less).`;
    budgets.push({ name: 'time and memory grow at most linearly from 1M to 10M rows', pass: time <= 10 && memory <= 10, detail: `time ×${time.toFixed(1)}, memory ×${memory.toFixed(1)}` });
  }
  return { table: table + growth, budgets };
}
