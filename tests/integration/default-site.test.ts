/**
 * The default report, built once by the global setup: what a reader finds on
 * the page. Four findings, the caveats, a chart with marks for every spec, and
 * every number printed from the data equal to its CSV cell.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import Papa from 'papaparse';
import { beforeAll, describe, expect, test } from 'vitest';
import { SITE_DIR } from '../support/global-setup.ts';

const chartIds = readdirSync('content/charts').filter((f) => f.endsWith('.vl.json')).map((f) => f.replace('.vl.json', '')).sort();

function readCsv(name: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(`data/${name}.csv`, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

async function keyOf(name: string): Promise<string> {
  const schema = (await import(`../../data/${name}.schema.ts`)) as { default: { key: string } };
  return schema.default.key;
}

let doc: HTMLElement;
beforeAll(() => {
  doc = parse(readFileSync(join(SITE_DIR, 'index.html'), 'utf8'));
});

describe('the report page', () => {
  test('has four findings, numbered 1 to 4 in reading order, each with a claim and a headline number', () => {
    const findings = doc.querySelectorAll('section[data-finding]');
    expect(findings.map((s) => s.getAttribute('data-finding'))).toEqual(['1', '2', '3', '4']);
    for (const section of findings) {
      expect(section.querySelector('.claim')?.text.trim().length).toBeGreaterThan(20);
      expect(section.querySelector('.headline-number')?.text).toMatch(/\d/);
    }
  });

  test('summarises the four findings in the overview, each linking to its section', () => {
    const items = doc.querySelectorAll('.findings-summary li');
    expect(items).toHaveLength(4);
    for (const item of items) {
      const href = item.querySelector('a')!.getAttribute('href')!;
      const target = doc.querySelector(href);
      expect(target?.getAttribute('data-finding')).toBe(item.getAttribute('data-finding-summary'));
    }
  });

  test('has a caveats section with one list item per caveat', () => {
    const caveats = doc.querySelector('section#caveats');
    expect(caveats).not.toBeNull();
    expect(caveats!.querySelectorAll('li').length).toBeGreaterThanOrEqual(8);
  });

  test('shows every chart once, as a figure holding a build-time SVG with marks, a title, caption and source link', () => {
    const figures = doc.querySelectorAll('main figure[data-chart]');
    expect(figures.map((f) => f.getAttribute('data-chart')).sort()).toEqual(chartIds);
    for (const figure of figures) {
      const svg = figure.querySelector('.chart-frame svg');
      expect(svg, figure.getAttribute('data-chart')!).not.toBeNull();
      const marks = svg!.querySelectorAll('.role-mark path, .role-mark line, .role-mark text');
      expect(marks.length, `${figure.getAttribute('data-chart')} has marks`).toBeGreaterThan(0);
      expect(figure.querySelector('figcaption .chart-title')!.text).toMatch(/Figure \d+\./);
      expect(figure.querySelector('figcaption .chart-source a')!.getAttribute('href')).toMatch(/^https:\/\//);
    }
  });

  test('numbers figures in reading order', () => {
    const numbers = doc.querySelectorAll('main figure[data-chart] .figure-number').map((n) => n.text.trim());
    expect(numbers).toEqual(numbers.map((_, i) => `Figure ${i + 1}.`));
  });

  test('prints every number in the prose from its CSV cell', async () => {
    const values = doc.querySelectorAll('data.value');
    expect(values.length).toBeGreaterThan(20);
    for (const el of values) {
      const dataset = el.getAttribute('data-dataset')!;
      const key = await keyOf(dataset);
      const row = readCsv(dataset).find((r) => r[key] === el.getAttribute('data-row'));
      expect(row, `${dataset}/${el.getAttribute('data-row')}`).toBeDefined();
      const cell = row![el.getAttribute('data-field')!]!;
      expect(el.getAttribute('value')).toBe(cell === '' ? '' : String(Number.isNaN(Number(cell)) ? cell : Number(cell)));
      if (cell !== '' && !Number.isNaN(Number(cell)) && Number(cell) < 1e6) {
        // The printed text shows the number itself (formatted: "15%", "28×", "21.4%").
        expect(el.text.replace(/,/g, '')).toContain(String(Number(cell)));
      }
    }
  });

  test('tells readers it summarises published results', () => {
    expect(doc.querySelector('.kind-note')!.text).toMatch(/not new research/);
  });
});

describe('chart pages and downloads', () => {
  test.each(chartIds)('%s: gallery entry, embed page, spec, SVG and CSV', (id) => {
    const gallery = parse(readFileSync(join(SITE_DIR, 'charts/index.html'), 'utf8'));
    expect(gallery.querySelector(`figure[data-chart="${id}"] svg`)).not.toBeNull();
    const embed = parse(readFileSync(join(SITE_DIR, `embed/${id}/index.html`), 'utf8'));
    expect(embed.querySelector(`figure[data-chart="${id}"] svg`)).not.toBeNull();

    const spec = JSON.parse(readFileSync(join(SITE_DIR, `charts/${id}.vl.json`), 'utf8'));
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(spec.data.url).toBeUndefined();
    expect(JSON.stringify(spec)).not.toMatch(/"url":\s*"data\//);
    expect(spec.data.values.length).toBeGreaterThan(0);

    const svg = parse(readFileSync(join(SITE_DIR, `charts/${id}.svg`), 'utf8'));
    expect(svg.querySelector('svg')).not.toBeNull();
    expect(svg.querySelectorAll('.role-mark').length).toBeGreaterThan(0);

    const csv = Papa.parse<Record<string, string>>(readFileSync(join(SITE_DIR, `charts/${id}.csv`), 'utf8'), { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.meta.fields).toContain('source_url');
    expect(csv.data.length).toBe(spec.data.values.length);
    expect(existsSync(join(SITE_DIR, `charts/${id}.vg.json`))).toBe(true);
  });
});
