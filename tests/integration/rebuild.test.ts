/** New data in, rebuild: the prose, the statistics, the findings summary, the captions and the chart all follow. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copySite, runScript } from '../support/sites.ts';

let site: string;
beforeAll(async () => {
  site = await copySite('report-full', 'rebuild');
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

test('changing one CSV cell changes the number everywhere it appears', async () => {
  const first = runScript('build', site);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('first build here');
  const csv = join(site, 'data/reviews.csv');
  const text = await readFile(csv, 'utf8');
  // platform: 96 -> 91; and one new decaf team.
  await writeFile(csv, `${text.replace(/^(platform,Platform,coffee),96,/m, '$1,91,')}qa,Quality,decaf,30,25,https://example.org/new\n`);
  const before = Date.now();
  const result = runScript('build', site);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // The build log says what changed since the last successful build.
  expect(result.stdout).toContain('data/reviews.csv: 1 added (qa), 1 changed (platform)');
  expect(result.stdout).toContain('data/weekly.csv: unchanged');

  const doc = parse(await readFile(join(site, 'dist/index.html'), 'utf8'));
  const printed = doc.querySelectorAll('data.value[data-dataset="reviews"][data-row="platform"][data-field="defects_found_pct"]');
  expect(printed.length).toBeGreaterThan(0);
  for (const el of printed) {
    expect(el.getAttribute('value')).toBe('91');
    expect(el.text).toBe('91%');
  }
  const summary = doc.querySelector('.findings-summary li[data-finding-summary="1"] .headline-number');
  expect(summary?.text).toContain('91%');
  // Statistics follow too: 7 teams now, the coffee mean (91 + 71 + 83) / 3, in prose, claim and caption.
  const count = doc.querySelector('data.value[data-dataset="reviews"][data-stat="count"]:not([data-where])')!;
  expect(count.text).toBe('7');
  const coffeeMean = doc.querySelectorAll('data.value[data-stat="mean"][data-where="condition = coffee"]');
  expect(coffeeMean.length).toBeGreaterThanOrEqual(2);
  for (const el of coffeeMean) expect(el.text).toBe('81.67%');
  expect(doc.querySelector('figure[data-chart="defects-by-team"] .chart-caption')!.text).toContain('Coffee teams averaged 81.67%');

  // The chart: one bar more, and its alt text names the new best value.
  const chart = doc.querySelector('figure[data-chart="defects-by-team"] .chart-static-wide svg')!;
  expect(chart.querySelectorAll('.role-mark.mark-rect path')).toHaveLength(7);
  expect(doc.querySelector('#figure-defects-by-team-description')!.text).toContain('The best team found 91%.');
  // The site says when each dataset last changed (an uncommitted edit: the file's time).
  const changedAt = doc.querySelector('tr[data-dataset="reviews"] time')!.getAttribute('datetime')!;
  expect(Date.parse(changedAt)).toBeGreaterThanOrEqual(before - 5000);
  const spec = JSON.parse(await readFile(join(site, 'dist/charts/defects-by-team.vl.json'), 'utf8'));
  expect(spec.data.values.find((r: { team: string }) => r.team === 'platform').defects_found_pct).toBe(91);
  expect(spec.description).toContain('The best team found 91%.');
}, 2 * 120_000); // 2 builds: generous on a loaded 2-core machine
