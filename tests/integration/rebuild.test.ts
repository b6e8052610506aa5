/** New data in, rebuild: the prose, the findings summary and the chart all follow. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copySite, runScript } from '../support/sites.ts';

let site: string;
beforeAll(async () => {
  site = await copySite('default', 'rebuild');
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

test('changing one CSV cell changes the number everywhere it appears', async () => {
  const first = runScript('build', site);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('first build here');
  const csv = join(site, 'data/tcw_interventions.csv');
  const text = await readFile(csv, 'utf8');
  // tcw01: 22 -> 15 becomes 22 -> 17; and one new row.
  await writeFile(csv, `${text.replace(/^(tcw01,.*?),22,15,/m, '$1,22,17,')}tcw10,New row,Claude Sonnet 4,test data,,,,honeypot average,22,9,,primary,https://example.org/new,\n`);
  const before = Date.now();
  const result = runScript('build', site);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // The build log says what changed since the last successful build.
  expect(result.stdout).toContain('data/tcw_interventions.csv: 1 added (tcw10), 1 changed (tcw01)');
  expect(result.stdout).toContain('data/am_design.csv: unchanged');

  const doc = parse(await readFile(join(site, 'dist/index.html'), 'utf8'));
  const printed = doc.querySelectorAll('data.value[data-dataset="tcw_interventions"][data-row="tcw01"][data-field="result_pct"]');
  expect(printed.length).toBeGreaterThan(0);
  for (const el of printed) {
    expect(el.getAttribute('value')).toBe('17');
    expect(el.text).toBe('17%');
  }
  const summary = doc.querySelector('.findings-summary li[data-finding-summary="1"] .headline-number');
  expect(summary?.text).toContain('17%');

  const chart = doc.querySelector('figure[data-chart="honeypot-interventions"] svg')!;
  const labels = chart.querySelectorAll('.role-mark text').map((t) => t.text);
  expect(labels).toContain('17');
  expect(labels).not.toContain('15');
  // The site says when each dataset last changed (an uncommitted edit: the file's time).
  const changedAt = doc.querySelector('tr[data-dataset="tcw_interventions"] time')!.getAttribute('datetime')!;
  expect(Date.parse(changedAt)).toBeGreaterThanOrEqual(before - 5000);
  const spec = JSON.parse(await readFile(join(site, 'dist/charts/honeypot-interventions.vl.json'), 'utf8'));
  expect(spec.data.values.find((r: { id: string }) => r.id === 'tcw01').result_pct).toBe(17);
});
