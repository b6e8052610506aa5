/**
 * A chart over several tables (layers with their own data, rows written in
 * the spec) builds, draws every layer, and gets one CSV per table: the rows
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
    // Two bars and two ticks (both rects), one rule.
    expect(svg.querySelectorAll('.mark-rect.role-mark path').length).toBe(4);
    expect(svg.querySelectorAll('.mark-rule.role-mark line').length).toBe(1);
  });

  test('one CSV per table, each with exactly its rows', () => {
    expect(read('charts/rates-and-targets.csv')).toBe('group,rate_pct,source_url\r\ncontrol,40,https://example.org/paper\r\ntreated,12.5,https://example.org/paper\r\n');
    expect(read('charts/rates-and-targets.targets.csv')).toBe('group,target_pct,source_url\r\ncontrol,30,https://example.org/paper\r\ntreated,10,https://example.org/paper\r\n');
    // Rows written in the spec are a table too; formula-looking text is neutralised as in every download.
    expect(read('charts/rates-and-targets.values.csv')).toBe("reference,label\r\n20,'=reference\r\n");
  });

  test('the downloads list names each file', () => {
    const links = parse(read('index.html')).querySelectorAll('figure[data-chart="rates-and-targets"] ~ .chart-tools .downloads a').map((a) => [a.text, a.getAttribute('href')]);
    expect(links.filter(([text]) => text!.startsWith('CSV'))).toEqual([
      ['CSV data: results', '/charts/rates-and-targets.csv'],
      ['CSV data: targets', '/charts/rates-and-targets.targets.csv'],
      ['CSV data: values', '/charts/rates-and-targets.values.csv'],
    ]);
  });

  test('"Show data" has a part per table, each linking its own CSV; the rows written in the spec say so, with the chart\'s source', () => {
    const parts = parse(read('index.html')).querySelectorAll('figure[data-chart="rates-and-targets"] ~ details.chart-data');
    expect(parts.map((d) => [d.getAttribute('data-part'), d.querySelector('.table-fallback a')!.getAttribute('href')])).toEqual([
      ['0', '/charts/rates-and-targets.csv'],
      ['1', '/charts/rates-and-targets.targets.csv'],
      ['2', '/charts/rates-and-targets.values.csv'],
    ]);
    expect(parts[2]!.querySelector('.table-fallback')!.text).toContain('Rows written in the chart\'s spec (layer.2.data.values); source: Example source.');
    const tables = parse(read('charts/rates-and-targets.table.html')).querySelectorAll('.table-part table');
    expect(tables).toHaveLength(3);
    expect(tables[2]!.querySelectorAll('tbody td').map((td) => td.text)).toEqual(['20', '=reference']);
  });
});
