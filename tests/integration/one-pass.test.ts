/** One pass: a build reads each dataset once and compiles each chart once; a warm build compiles and renders nothing; one changed CSV recompiles only its charts. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copySite, runScript } from '../support/sites.ts';

let site: string;
beforeAll(async () => {
  site = await copySite('report-full', 'one-pass');
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

const work = (stdout: string) => /work: (.*)/.exec(stdout)?.[1];

test('each build says what it did, and does only what changed', async () => {
  const cold = runScript('build', site);
  expect(cold.stderr).toBe('');
  // 5 datasets, 6 charts; each chart is drawn for the page, for phones and for downloads.
  expect(work(cold.stdout)).toBe('5 datasets read, 6 charts compiled, 18 SVGs rendered');

  // Nothing changed and dist/ untouched: the build stops before reading anything.
  const warm = runScript('build', site);
  expect(warm.stdout).toContain('dist/ is up to date');
  expect(work(warm.stdout)).toBe('0 datasets read, 0 charts compiled, 0 SVGs rendered');

  // Forced, or with a file of dist/ gone: the report is checked again, every chart comes from the cache.
  const forced = runScript('build', site, {}, ['--force']);
  expect(work(forced.stdout)).toBe('5 datasets read, 0 charts compiled, 0 SVGs rendered');
  await rm(join(site, 'dist/charts/weekly-trend.png'));
  const repaired = runScript('build', site);
  expect(repaired.stdout).not.toContain('up to date');
  expect(work(repaired.stdout)).toBe('5 datasets read, 0 charts compiled, 0 SVGs rendered');
  expect((await readFile(join(site, 'dist/charts/weekly-trend.png')).then((b) => b.length))).toBeGreaterThan(1000);

  // A setting from the environment changes the site (absolute URLs): not up to date.
  const moved = runScript('build', site, { SITE_URL: 'https://example.org' });
  expect(moved.stdout).not.toContain('up to date');
  // Charts are drawn once per change of the chart, not per change of the site's settings.
  expect(work(moved.stdout)).toBe('5 datasets read, 0 charts compiled, 0 SVGs rendered');
  expect(await readFile(join(site, 'dist/index.html'), 'utf8')).toContain('https://example.org');

  // weekly.csv feeds one chart (weekly-trend).
  const csv = join(site, 'data/weekly.csv');
  await writeFile(csv, (await readFile(csv, 'utf8')).replace('2026-02-23,87,49', '2026-02-23,90,49'));
  const oneCsv = runScript('build', site, {}, ['--stats']);
  expect(oneCsv.stderr).toBe('');
  expect(work(oneCsv.stdout)).toBe('5 datasets read, 1 charts compiled, 3 SVGs rendered');
  // --stats: the render pool's jobs, by kind: the chart's three SVGs, its PNG and its social card.
  expect(/render pool: (.*)/.exec(oneCsv.stdout)?.[1]?.replace(/ \([\d.]+ s\)/g, '')).toBe('svg 3, png 2× 1, png 1× 1');
  expect(oneCsv.stdout).toMatch(/phases: check [\d.]+ s, astro [\d.]+ s, after astro [\d.]+ s/);
  expect(oneCsv.stdout).toMatch(/memory: heap \d+ MB after the check, peak RSS \d+ MB/);
  const spec = JSON.parse(await readFile(join(site, 'dist/charts/weekly-trend.vl.json'), 'utf8'));
  expect(spec.data.values.at(-1).coffee_pct).toBe(90);
}, 6 * 120_000); // 6 builds: generous on a loaded 2-core machine
