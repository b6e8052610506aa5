/**
 * A report over research-scale data, built for real: a Parquet file of
 * 120,000 runs (written by DuckDB here, never committed) behind an aggregated
 * chart, a `.sql` dataset whose numbers the prose prints, a data loader, and a
 * query over a second DuckDB database (the stand-in for a warehouse). The rows
 * stay out of the site; a failing loader leaves the previous dist/ alone.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copySite, hashDir, runScript } from '../support/sites.ts';

const URL = 'https://example.org/runs';
const SCHEMA = (key: string, columns: string) => `import { count, defineDataset, number, oneOf, percent, sourceUrl, text } from '#schema';
export default defineDataset({ key: '${key}', description: 'Synthetic runs.', columns: { ${columns}, source_url: sourceUrl() } });
`;
const CHART = {
  title: 'Pass rate by model',
  description: 'Bars: the mean pass rate of each model over 120,000 runs.',
  usermeta: { caption: 'Aggregated at build time by DuckDB.', source: { label: 'Synthetic', url: URL } },
  data: { url: 'data/runs.csv' },
  transform: [{ filter: "datum.model != 'none'" }, { aggregate: [{ op: 'mean', field: 'score_pct', as: 'mean_score' }, { op: 'count', as: 'n' }], groupby: ['model'] }],
  mark: 'bar',
  encoding: { x: { field: 'model', type: 'nominal' }, y: { field: 'mean_score', type: 'quantitative' }, tooltip: [{ field: 'n' }] },
};

let site: string;
beforeAll(async () => {
  site = await copySite('minimal', 'large-data');
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const runs = `SELECT 'run' || i AS id, ['alpha', 'beta', 'gamma'][i % 3 + 1] AS model, (i % 101)::DOUBLE AS score_pct, '${URL}' AS source_url FROM range(120000) t(i)`;
  await duck.run(`COPY (${runs}) TO '${join(site, 'data/runs.parquet')}' (FORMAT parquet)`);
  // The warehouse stand-in: a second database file, attached by a query.
  await duck.run(`ATTACH '${join(site, 'data/warehouse.duckdb')}' AS w; CREATE TABLE w.evals AS SELECT 'e' || i AS id, i * 10 AS tokens, '${URL}' AS source_url FROM range(4) t(i); DETACH w`);
  duck.closeSync();
  await writeFile(join(site, 'data/runs.schema.ts'), SCHEMA('id', "id: text(), model: oneOf(['alpha', 'beta', 'gamma']), score_pct: percent()"));
  await writeFile(join(site, 'data/summary.sql'), `-- one row per model: how many runs, and how many passed (score of 50 or more)\nSELECT model, count(*) AS runs, count(*) FILTER (WHERE score_pct >= 50) AS passed, '${URL}' AS source_url\nFROM runs GROUP BY model ORDER BY model;\n`);
  await writeFile(join(site, 'data/summary.schema.ts'), SCHEMA('model', 'model: text(), runs: count(), passed: count()'));
  await writeFile(join(site, 'data/remote.sql'), `ATTACH IF NOT EXISTS 'data/warehouse.duckdb' AS warehouse (READ_ONLY);\nSELECT id, tokens, source_url FROM warehouse.evals ORDER BY id;\n`);
  await writeFile(join(site, 'data/remote.schema.ts'), SCHEMA('id', 'id: text(), tokens: count()'));
  await writeFile(join(site, 'data/extra.csv.sh'), `#!/bin/sh\necho "group,rate_pct,source_url"\necho "loaded,33,${URL}"\n`);
  await writeFile(join(site, 'data/extra.schema.ts'), SCHEMA('group', 'group: text(), rate_pct: percent()'));
  await writeFile(join(site, 'content/charts/by-model.vl.json'), JSON.stringify(CHART, null, 2));
  const overview = join(site, 'content/chapters/overview.mdx');
  await writeFile(
    overview,
    `${await readFile(overview, 'utf8')}\nModel beta passed <Value dataset="summary" row="beta" field="passed" /> of <Value dataset="summary" row="beta" field="runs" /> runs; run run7 scored <Value dataset="runs" row="run7" field="score_pct" format="percent" />; the warehouse holds <Value dataset="remote" row="e3" field="tokens" /> tokens; the loader said <Value dataset="extra" row="loaded" field="rate_pct" format="percent" />.\n\n<Chart id="by-model" />\n`,
  );
}, 60_000);
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

async function files(dir: string): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push({ path: join(entry.parentPath, entry.name), size: (await stat(join(entry.parentPath, entry.name))).size });
  }
  return out;
}

test('builds: the prose prints query results, the chart draws aggregated rows, and the runs are not published', async () => {
  const result = runScript('build', site);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const doc = parse(await readFile(join(site, 'dist/index.html'), 'utf8'));
  const value = (dataset: string, row: string, field: string) => doc.querySelector(`data.value[data-dataset="${dataset}"][data-row="${row}"][data-field="${field}"]`)?.text;
  // beta = runs 1, 4, 7, ...: 40,000 runs; a score of 50 or more is 51 of every 101 scores.
  expect(value('summary', 'beta', 'runs')).toBe('40,000');
  expect(value('summary', 'beta', 'passed')).toBe('20,196');
  expect(value('runs', 'run7', 'score_pct')).toBe('7%');
  expect(value('remote', 'e3', 'tokens')).toBe('30');
  expect(value('extra', 'loaded', 'rate_pct')).toBe('33%');
  // The chart's rows are the three aggregated ones, in its CSV and its spec.
  const csv = await readFile(join(site, 'dist/charts/by-model.csv'), 'utf8');
  expect(csv.trim().split(/\r?\n/)).toEqual(['model,mean_score,n', 'alpha,49.99545,40000', 'beta,49.99555,40000', 'gamma,49.99565,40000']);
  const spec = JSON.parse(await readFile(join(site, 'dist/charts/by-model.vl.json'), 'utf8')) as { data: { values: unknown[] }; transform?: unknown };
  expect(spec.data.values).toHaveLength(3);
  expect(spec.transform).toBeUndefined();
  expect(doc.querySelectorAll('figure[data-chart="by-model"] svg path, figure[data-chart="by-model"] svg rect').length).toBeGreaterThan(0);
  // Download policy: the large dataset defaults to its charts' rows; the small ones are published in full.
  const published = (await readdir(join(site, 'dist/data'))).sort();
  expect(published).toEqual(['extra.csv', 'remote.csv', 'results.csv', 'summary.csv']);
  expect(doc.querySelector('tr[data-dataset="runs"]')?.text).toContain('120,000');
  expect(doc.querySelector('tr[data-dataset="runs"] a')).toBeNull();
  const biggest = (await files(join(site, 'dist'))).sort((a, b) => b.size - a.size)[0]!;
  expect(biggest.size).toBeLessThan(1_000_000);
}, 240_000);

test("download: 'full' publishes a large dataset as CSV, written by DuckDB", async () => {
  await writeFile(join(site, 'data/runs.schema.ts'), (await readFile(join(site, 'data/runs.schema.ts'), 'utf8')).replace("key: 'id',", "key: 'id', download: 'full',"));
  const result = runScript('build', site);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const csv = await readFile(join(site, 'dist/data/runs.csv'), 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines).toHaveLength(120_001);
  expect(lines.slice(0, 3)).toEqual(['id,model,score_pct,source_url', `run0,alpha,0.0,${URL}`, `run1,beta,1.0,${URL}`]);
}, 240_000);

test('a failing loader fails the build with its name and stderr, and the previous dist/ stays', async () => {
  const before = await hashDir(join(site, 'dist'));
  await writeFile(join(site, 'data/extra.csv.sh'), '#!/bin/sh\necho "group,rate_pct,source_url"\necho "psql: could not connect to server" >&2\nexit 2\n');
  const result = runScript('build', site);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('data/extra.csv.sh expected a loader that exits with code 0, got exit code 2; its stderr ends: "psql: could not connect to server" (run it yourself: sh data/extra.csv.sh > extra.csv)');
  expect(result.stderr).toContain('the previous dist/ is unchanged');
  expect(await hashDir(join(site, 'dist'))).toBe(before);
}, 240_000);
