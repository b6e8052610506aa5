/**
 * A chart over several tables (layers with their own data) builds, draws every layer, and gets one CSV per table: the rows
 * that layer draws, never the tables glued into one file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { copySite, runScript } from '../support/sites.ts';

let dist: string;
beforeAll(async () => {
  const root = await copySite('several-tables');
  const built = runScript('build', root);
  expect(built.code, built.stderr).toBe(0);
  dist = join(root, 'dist');
});
const read = (path: string) => readFileSync(join(dist, path), 'utf8');

describe('a chart over several tables', () => {
  test('its static SVG draws each layer', () => {
    const svg = parse(read('charts/rates-and-targets.svg'));
    // Two bars and two ticks (both rects).
    expect(svg.querySelectorAll('.mark-rect.role-mark path').length).toBe(4);

  });

  test('one CSV per table, each with exactly its rows', () => {
    expect(read('charts/rates-and-targets.csv')).toBe('group,rate_pct,source_url\r\ncontrol,40,https://example.org/paper\r\ntreated,12.5,https://example.org/paper\r\n');
    expect(read('charts/rates-and-targets.targets.csv')).toBe('group,target_pct,source_url\r\ncontrol,30,https://example.org/paper\r\ntreated,10,https://example.org/paper\r\n');
  });

  test('the downloads list names each file', () => {
    const links = parse(read('index.html')).querySelectorAll('figure[data-chart="rates-and-targets"] ~ .chart-tools .downloads a').map((a) => [a.text, a.getAttribute('href')]);
    expect(links.filter(([text]) => text!.startsWith('CSV'))).toEqual([
      ['CSV data: results', '/charts/rates-and-targets.csv'],
      ['CSV data: targets', '/charts/rates-and-targets.targets.csv'],
    ]);
  });
});
