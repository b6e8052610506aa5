/**
 * Content checks: what a reader finds on each report's page, with every
 * expectation derived from that report's own files (chapters, charts, CSVs),
 * never from the default report. They run on the repository's report, on each
 * example under examples/, and on a second, different fixture report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import Papa from 'papaparse';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { CONTENT_SITES } from '../support/content-sites.ts';
import { readReportFiles, recompute, type ReportFiles } from '../support/report-files.ts';
import { PAGE_BACKGROUNDS } from '../../src/pipeline/chart-theme.ts';
import { contrast } from '../support/contrast.ts';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkReport } from '../../src/report/check-report.ts';

const titleOf = (root: string) => (parseYaml(readFileSync(join(root, 'content/report.yaml'), 'utf8')) as { title: string }).title;

describe.each(CONTENT_SITES)('$name', (site) => {
  let doc: HTMLElement;
  let files: ReportFiles;
  beforeAll(() => {
    doc = parse(readFileSync(join(site.dist, 'index.html'), 'utf8'));
    files = readReportFiles(site.root);
  });
  const findings = () => files.chapters.filter((c) => c.data.kind === 'finding').sort((a, b) => Number(a.data.number) - Number(b.data.number));
  const placed = () => [...files.chapters.flatMap((c) => [...c.body.matchAll(/<Chart\s+id="([^"]+)"/g)].map((m) => m[1]!))];

  test('its charts pass the chart lint: no warning for a reader to be misled by', async () => {
    const checked = await checkReport(site.root);
    expect(checked.problems.map(formatProblem)).toEqual([]);
    expect(checked.warnings.map(formatProblem)).toEqual([]);
  });

  test('shows each finding chapter as a numbered finding with its claim, and its headline number when it has one', () => {
    const sections = doc.querySelectorAll('section[data-finding]');
    expect(sections.map((s) => s.getAttribute('data-finding'))).toEqual(findings().map((f) => String(f.data.number)));
    sections.forEach((section, i) => {
      expect(section.querySelector('.claim')?.text.trim().length).toBeGreaterThan(10);
      if (findings()[i]!.data.headline) expect(section.querySelector('.headline-number')?.text).toMatch(/\d/);
    });
  });

  test('summarises every finding where a chapter asks for it, each linking to its section', () => {
    const wanted = files.chapters.some((c) => c.body.includes('<FindingsSummary'));
    const items = doc.querySelectorAll('.findings-summary li');
    expect(items).toHaveLength(wanted ? findings().length : 0);
    for (const item of items) {
      const target = doc.querySelector(item.querySelector('a')!.getAttribute('href')!);
      expect(target?.getAttribute('data-finding')).toBe(item.getAttribute('data-finding-summary'));
    }
  });

  test('has a caveats section with one list item per caveat, if the report has a caveats chapter', () => {
    const chapter = files.chapters.find((c) => c.data.kind === 'caveats');
    const section = doc.querySelector('section#caveats');
    if (!chapter) return expect(section).toBeNull();
    const items = chapter.body.split('\n').filter((line) => /^[-*] /.test(line)).length;
    expect(section!.querySelectorAll('li').length).toBe(items);
  });

  test('shows every placed chart once, in reading order, as a figure with a build-time SVG, title, caption and source link', () => {
    const figures = doc.querySelectorAll('main figure[data-chart]');
    expect(figures.map((f) => f.getAttribute('data-chart'))).toEqual(placed());
    figures.forEach((figure, i) => {
      const id = figure.getAttribute('data-chart')!;
      expect(figure.querySelector('.chart-frame svg .role-mark'), id).not.toBeNull();
      expect(figure.querySelector('.figure-number')!.text.trim()).toMatch(new RegExp(`^\\S+ ${i + 1}\\.$`));
      expect(figure.querySelector('figcaption .chart-caption')!.text.trim().length, id).toBeGreaterThan(0);
      expect(figure.querySelector('figcaption .chart-source a')!.getAttribute('href')).toMatch(/^https?:\/\//);
    });
  });

  test('prints every number from the data: each value equals its cell, or the statistic recomputed from the CSV', async () => {
    const values = doc.querySelectorAll('data.value');
    const uses = files.chapters.reduce((n, c) => n + (c.body.match(/<Value\s/g)?.length ?? 0), 0);
    expect(values.length).toBeGreaterThanOrEqual(uses);
    for (const el of values) {
      const attrs = { dataset: el.getAttribute('data-dataset'), row: el.getAttribute('data-row'), field: el.getAttribute('data-field'), stat: el.getAttribute('data-stat'), where: el.getAttribute('data-where') };
      const expected = await recompute(files, attrs);
      const label = JSON.stringify(attrs);
      const printed = el.getAttribute('value')!;
      if (typeof expected === 'number') {
        expect(Number(printed), label).toBeCloseTo(expected, 6);
        // The text shows the number itself (formatted: "15%", "28×", "1,461", "45.6%").
        if (attrs.row !== undefined && expected < 1e6) expect(el.text.replace(/,/g, ''), label).toContain(String(expected));
      } else {
        expect(printed, label).toBe(expected === null ? '' : expected);
      }
    }
  });

  test('prints no "null", "undefined" or "NaN" anywhere a reader can see', () => {
    const text = doc.querySelector('body')!.text;
    expect(text.match(/\b(null|undefined|NaN)\b/g) ?? []).toEqual([]);
  });

  test("shows its own title and none of the other reports' titles", () => {
    const own = titleOf(site.root);
    expect(doc.querySelector('h1')!.text.trim()).toBe(own);
    for (const other of CONTENT_SITES) {
      const title = titleOf(other.root);
      if (other !== site && title !== own) expect(doc.toString()).not.toContain(title);
    }
  });

  test('every colour a chart spec writes keeps 3:1 contrast on the light and the dark page (WCAG 1.4.11)', () => {
    const failing = files.chartIds.flatMap((id) =>
      [...readFileSync(join(site.root, `content/charts/${id}.vl.json`), 'utf8').matchAll(/"(#[0-9a-fA-F]{6})"/g)]
        .map((m) => m[1]!)
        .filter((colour) => contrast(colour, PAGE_BACKGROUNDS.light) < 3 || contrast(colour, PAGE_BACKGROUNDS.dark) < 3)
        .map((colour) => `${id}: ${colour}`),
    );
    expect(failing).toEqual([]);
  });

  describe('chart pages and downloads', () => {
    test('every chart has a gallery entry, an embed page, a spec with its rows inline, an SVG with marks and a CSV of the same rows', () => {
      for (const id of files.chartIds) {
        // The gallery shows each chart as its standalone SVG in an <img> (drawn inline, a thousand charts made a 54 MB page).
        const gallery = parse(readFileSync(join(site.dist, 'charts/index.html'), 'utf8'));
        const image = gallery.querySelector(`[data-gallery-chart="${id}"] img`);
        expect(image?.getAttribute('src'), id).toMatch(new RegExp(`/charts/${id}\\.svg$`));
        expect(image?.getAttribute('alt')?.length, id).toBeGreaterThan(0);
        const embed = parse(readFileSync(join(site.dist, `embed/${id}/index.html`), 'utf8'));
        expect(embed.querySelector(`figure[data-chart="${id}"] svg`), id).not.toBeNull();

        const spec = JSON.parse(readFileSync(join(site.dist, `charts/${id}.vl.json`), 'utf8'));
        expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
        expect(JSON.stringify(spec)).not.toMatch(/"url":\s*"data\//);
        expect(spec.data.values.length, id).toBeGreaterThan(0);

        const svg = parse(readFileSync(join(site.dist, `charts/${id}.svg`), 'utf8'));
        expect(svg.querySelectorAll('.role-mark').length, id).toBeGreaterThan(0);

        const csv = Papa.parse<Record<string, string>>(readFileSync(join(site.dist, `charts/${id}.csv`), 'utf8'), { header: true, skipEmptyLines: true });
        expect(csv.errors).toEqual([]);
        const dataset = /data\/([^"/]+)\.csv/.exec(readFileSync(join(site.root, `content/charts/${id}.vl.json`), 'utf8'))![1]!;
        expect(csv.meta.fields).toEqual(Object.keys(files.csv(dataset)[0]!));
        expect(csv.data.length).toBe(spec.data.values.length);
        expect(existsSync(join(site.dist, `charts/${id}.vg.json`))).toBe(true);
      }
    });
  });
});
