/** `npm run new-report`: a fresh clone becomes a minimal report of one's own that builds, and the previous report is kept as an example that still builds. */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkReport } from '../../src/report/check-report.ts';
import { copySite, hashDir, runScript } from '../support/sites.ts';

let site: string;
beforeAll(async () => {
  site = await copySite('report-full', 'new-report');
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

test('--yes keeps the current report in examples/, writes a skeleton that validates and builds, and refuses to overwrite an example', async () => {
  const result = runScript('new-report', site, { CI: '' }, ['--yes', '--title', 'Sleep and Memory', '--author', 'Kim Researcher']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Kept the previous report in examples/coffee-and-code-review/');

  // The previous report, whole, as an example that still passes its checks.
  const example = join(site, 'examples/coffee-and-code-review');
  expect((await readdir(join(example, 'content/charts'))).length).toBe(6);
  expect((await checkReport(example)).problems).toEqual([]);

  // The skeleton: one chapter, one dataset with its schema, one chart.
  expect(await readdir(join(site, 'content/chapters'))).toEqual(['overview.mdx']);
  expect((await readdir(join(site, 'data'))).sort()).toEqual(['results.csv', 'results.schema.ts']);
  expect(await readdir(join(site, 'content/charts'))).toEqual(['results.vl.json']);
  const checked = await checkReport(site);
  expect(checked.problems).toEqual([]);
  expect(checked.report?.title).toBe('Sleep and Memory');

  const build = runScript('build', site);
  expect(build.stderr).toBe('');
  expect(build.code).toBe(0);
  const doc = parse(await readFile(join(site, 'dist/index.html'), 'utf8'));
  expect(doc.querySelector('h1')!.text).toBe('Sleep and Memory');
  expect(doc.querySelector('.byline')!.text).toMatch(/^\s*By Kim Researcher\. Published /);
  expect(doc.querySelectorAll('data.value').map((v) => v.text)).toEqual(['3', '71%', '48%', '3', '60.33%']);
  expect(doc.querySelector('figure[data-chart="results"] .chart-static-wide svg .role-mark')).not.toBeNull();
  // Nothing of the previous report is on the new site.
  expect(doc.toString()).not.toContain('Coffee and Code Review');

  // A report whose example folder exists already is not overwritten: it refuses and changes nothing.
  const yaml = join(site, 'content/report.yaml');
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('title: Sleep and Memory', 'title: Coffee and Code Review'));
  const before = [await hashDir(join(site, 'content')), await hashDir(join(site, 'examples'))];
  const again = runScript('new-report', site, { CI: '' }, ['--yes']);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('examples/coffee-and-code-review/ already exists');
  expect(again.stderr).toContain('Nothing was changed.');
  expect([await hashDir(join(site, 'content')), await hashDir(join(site, 'examples'))]).toEqual(before);
}, 1 * 120_000); // 1 build: generous on a loaded 2-core machine
