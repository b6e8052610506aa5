/**
 * Publishing like a research lab: citations and references, "cite this" with
 * BibTeX that parses back, CITATION.cff, math without scripts, footnotes,
 * a site hosted under a sub-path with no broken links, a feed and sitemap that
 * are valid XML, and social cards of the right size.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { check, LinkState } from 'linkinator';
import { parse } from 'node-html-parser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SITE_DIR } from '../support/global-setup.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { copySite, OUTPUT, runScript } from '../support/sites.ts';

describe('citations in the full-featured fixture report', () => {
  const doc = () => parse(readFileSync(join(SITE_DIR, 'index.html'), 'utf8'));

  test('a citation shows its number, links to its reference and previews it', () => {
    const page = doc();
    const citation = page.querySelector('.citation a[href="#ref-fagan1976"]')!;
    expect(citation).not.toBeNull();
    const reference = page.querySelector('#ref-fagan1976')!;
    expect(reference.tagName).toBe('LI');
    expect(reference.text).toContain('Design and Code Inspections to Reduce Errors in Program Development');
    // The number is the reference's position in the list (order of first citation).
    const position = reference.parentNode!.querySelectorAll('li').indexOf(reference) + 1;
    expect(citation.text).toBe(String(position));
    const preview = citation.parentNode!.querySelector('.citation-preview')!.text;
    expect(preview).toContain('Fagan, M. E. (1976)');
    expect(preview).toContain('Design and Code Inspections to Reduce Errors in Program Development');
  });

  test('"Cite this" gives BibTeX that citation-js parses back to the report', () => {
    const bibtex = doc().querySelector('#cite-bibtex')!.text;
    const [entry] = new Cite(bibtex.replace(/&amp;/g, '&')).data as { title: string; author: { family: string }[]; issued: { 'date-parts': number[][] } }[];
    expect(entry!.title).toBe('Coffee and Code Review');
    expect(entry!.author.map((a) => a.family)).toContain('Fixture');
    expect(entry!.issued['date-parts'][0]!.slice(0, 1)).toEqual([2026]);
    expect(doc().querySelector('#cite-text')!.text).toMatch(/^Fixture, G\., & Sample, A\. \(2026, March 2\)\. Coffee and Code Review\./);
  });

  test('CITATION.cff is valid Citation File Format YAML', async () => {
    const cff = parseYaml(await readFile(join(SITE_DIR, 'CITATION.cff'), 'utf8'));
    expect(cff['cff-version']).toBe('1.2.0');
    expect(cff.title).toBe('Coffee and Code Review');
    expect(cff.authors[0]).toMatchObject({ 'family-names': 'Fixture', 'given-names': 'Grace' });
    expect(cff['date-released']).toBe('2026-03-02');
    // Original work: the report's abstract is its authors' own words (a summary's is not: tests/content).
    expect(cff.abstract).toMatch(/^Teams reviewed code with or without coffee\./);
  });

  test('math is typeset at build time as MathML, with no script', () => {
    const math = doc().querySelectorAll('.math math');
    expect(math.length).toBeGreaterThanOrEqual(2);
    expect(math[0]!.querySelector('mfrac')).not.toBeNull();
  });

  test('footnotes have chapter-scoped ids and a back link', () => {
    const page = doc();
    const ref = page.querySelector('a[data-footnote-ref]')!;
    const target = page.querySelector(ref.getAttribute('href')!)!;
    expect(ref.getAttribute('href')).toMatch(/^#background-fn-/);
    expect(target.querySelector('a[data-footnote-backref]')!.getAttribute('href')).toBe(`#${ref.getAttribute('id')}`);
  });
});

describe('a site built under a sub-path with its address set', () => {
  let site: string;
  let host: StaticServer;
  let dist: string;
  beforeAll(async () => {
    site = await copySite('report-full', 'subpath');
    const result = runScript('build', site, { SITE_URL: 'https://reports.example.org', BASE_PATH: '/my-report/' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    dist = join(site, 'dist');
    // Serve it as a host would: the site at /my-report/ under the server's root.
    const root = join(OUTPUT, `subpath-host-${process.pid}`);
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    await symlink(dist, join(root, 'my-report'));
    host = await serveDir(root);
  });
  afterAll(async () => {
    await host?.close();
    await rm(site, { recursive: true, force: true });
  });

  test('every internal link and anchor resolves', async () => {
    const result = await check({ path: `${host.url}/my-report/`, recurse: true, checkFragments: true, linksToSkip: [`^(?!${host.url.replace(/[.]/g, '\\.')})[a-z]+:`] });
    const broken = result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.url} (from ${l.parent}): ${l.status}`);
    expect(broken).toEqual([]);
    const checked = result.links.filter((l) => l.state === LinkState.OK).map((l) => l.url);
    // Both pages, every embed page and each chart's downloads were reached.
    const charts = (await readdir(join(dist, 'embed'))).length;
    expect(checked.length).toBeGreaterThan(2 + charts * 5);
    expect(checked.every((u) => !u.startsWith(host.url) || u.startsWith(`${host.url}/my-report/`))).toBe(true);
  });

  test('the feed and the sitemap are valid XML with absolute links under the sub-path', async () => {
    const parser = new XMLParser();
    for (const file of ['rss.xml', 'sitemap-index.xml', 'sitemap-0.xml']) {
      const xml = await readFile(join(dist, file), 'utf8');
      // Throws with line and column on malformed XML.
      expect(SyntaxValidator.validate(xml), file).toBe(true);
    }
    const feed = parser.parse(await readFile(join(dist, 'rss.xml'), 'utf8'));
    const items = feed.rss.channel.item as { link: string; title: string }[];
    expect(items.length).toBe(6);
    expect(items.every((i) => i.link.startsWith('https://reports.example.org/my-report/#'))).toBe(true);
    const sitemap = parser.parse(await readFile(join(dist, 'sitemap-0.xml'), 'utf8'));
    const urls = (sitemap.urlset.url as { loc: string }[]).map((u) => u.loc);
    expect(urls).toContain('https://reports.example.org/my-report/');
    expect(urls).toContain('https://reports.example.org/my-report/charts/');
  });

  test('pages carry canonical, Open Graph and Twitter metadata pointing at 1200x630 social cards', async () => {
    const page = parse(await readFile(join(dist, 'index.html'), 'utf8'));
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe('https://reports.example.org/my-report/');
    const image = page.querySelector('meta[property="og:image"]')!.getAttribute('content')!;
    expect(image).toBe('https://reports.example.org/my-report/social/report.png');
    expect(page.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary_large_image');
    const embed = parse(await readFile(join(dist, 'embed/weekly-trend/index.html'), 'utf8'));
    expect(embed.querySelector('meta[property="og:image"]')!.getAttribute('content')).toBe('https://reports.example.org/my-report/social/weekly-trend.png');
    for (const card of ['report', 'weekly-trend', 'defects-by-team']) {
      const png = PNG.sync.read(await readFile(join(dist, `social/${card}.png`)));
      expect([png.width, png.height]).toEqual([1200, 630]);
    }
  });

  test('embed snippets and oEmbed use the absolute address', async () => {
    const oembed = JSON.parse(await readFile(join(dist, 'oembed/weekly-trend.json'), 'utf8'));
    expect(oembed.html).toContain('src="https://reports.example.org/my-report/embed/weekly-trend/"');
    const headers = await readFile(join(dist, '_headers'), 'utf8');
    expect(headers).toMatch(/^\/my-report\/embed\/\*$/m);
  });
});
