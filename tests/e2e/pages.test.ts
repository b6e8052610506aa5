/**
 * A report published as several pages (`pages: chapters`): the full-featured
 * fixture, with one cross-page `<Ref>` added, built once. What a reader
 * notices: a page per chapter with previous/next links and the whole table of
 * contents, figure numbers as on the single page, links (cross-references,
 * citations, findings, search results) that reach the right page, old
 * `/#figure-<id>` links that still arrive, and the same accessibility and CSP.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { check, LinkState } from 'linkinator';
import MiniSearch from 'minisearch';
import { parse, type HTMLElement as ParsedElement } from 'node-html-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SEARCH_OPTIONS } from '../../src/report/search-options.ts';
import { SITE_DIR } from '../support/global-setup.ts';
import { readReportFiles } from '../support/report-files.ts';
import { launchChromium } from '../support/chromium.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { copySite, runScript } from '../support/sites.ts';
import { axeViolations } from '../support/axe.ts';

const SITE_URL = 'https://reports.example.org';
let root = '';
const dist = () => join(root, 'dist');
const html = (path: string) => parse(readFileSync(join(dist(), path, 'index.html'), 'utf8'));

// The fixture's chapters in reading order; the first is on the front page, each other one on /<id>/.
let chapters: string[] = [];
const pathOf = (i: number) => (i === 0 ? '/' : `/${chapters[i]}/`);

beforeAll(async () => {
  root = await copySite('report-full', 'pages');
  await appendFile(join(root, 'content/report.yaml'), 'pages: chapters\n');
  // A cross-reference from the caveats' page to a figure on the first finding's page.
  await appendFile(join(root, 'content/chapters/caveats.mdx'), '\nThe defects per team are in <Ref chart="defects-by-team" />.\n');
  const result = runScript('build', root, { SITE_URL });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  chapters = readReportFiles(root).chapters.map((c) => (c.data.kind === 'caveats' ? 'caveats' : c.id));
}, 240_000);

/** The element a link points to: its page (from its path) and the #fragment on it. */
function target(href: string, from: string): ParsedElement | null {
  const url = new URL(href, `${SITE_URL}${from}`);
  const file = join(dist(), url.pathname, 'index.html');
  if (!existsSync(file)) return null;
  return url.hash ? parse(readFileSync(file, 'utf8')).getElementById(decodeURIComponent(url.hash.slice(1))) : parse(readFileSync(file, 'utf8'));
}

describe('the built pages', () => {
  test('one page per chapter: the front page holds the first chapter, every other chapter has its own page', () => {
    chapters.forEach((id, i) => {
      const sections = html(pathOf(i)).querySelectorAll('main section.chapter');
      expect(sections.map((s) => s.id), pathOf(i)).toEqual([id]);
    });
  });

  test('the front page has the title, byline, abstract and the findings at a glance', () => {
    const front = html('/');
    expect(front.querySelector('h1')!.text).toBe('Coffee and Code Review');
    expect(front.querySelector('.byline')!.text).toContain('Grace Fixture');
    expect(front.querySelector('main .abstract')!.text).toContain('Teams reviewed code');
    expect(front.querySelectorAll('.findings-summary li')).toHaveLength(2);
  });

  test('every page has previous and next links to the neighbouring chapters', () => {
    chapters.forEach((_, i) => {
      const doc = html(pathOf(i));
      const prev = doc.querySelector('.page-nav a[rel="prev"]');
      const next = doc.querySelector('.page-nav a[rel="next"]');
      expect(prev?.getAttribute('href') ?? null, pathOf(i)).toBe(i === 0 ? null : pathOf(i - 1));
      expect(next?.getAttribute('href') ?? null, pathOf(i)).toBe(i === chapters.length - 1 ? null : pathOf(i + 1));
    });
  });

  test('every page lists every chapter in its table of contents, each link reaching the chapter', () => {
    chapters.forEach((_, i) => {
      for (const list of html(pathOf(i)).querySelectorAll('nav.toc ol')) {
        const reached = list.querySelectorAll('a').map((a) => target(a.getAttribute('href')!, pathOf(i))?.id);
        expect(reached, pathOf(i)).toEqual(chapters);
      }
    });
  });

  test('figure numbers run on across pages, the same as on the single page', () => {
    const numbered = (doc: ParsedElement) => doc.querySelectorAll('main figure[data-chart]').map((f) => `${f.getAttribute('data-chart')} ${f.querySelector('.figure-number')!.text.trim()}`);
    const single = numbered(parse(readFileSync(join(SITE_DIR, 'index.html'), 'utf8')));
    expect(chapters.flatMap((_, i) => numbered(html(pathOf(i))))).toEqual(single);
    expect(single.length).toBeGreaterThan(3);
  });

  test('a cross-reference to a figure on another page links to that page and names its number there', () => {
    const ref = html('/caveats/').querySelector('a.figure-ref')!;
    expect(ref.getAttribute('href')).toBe('/finding-1-more-defects/#figure-defects-by-team');
    const figure = target(ref.getAttribute('href')!, '/caveats/')!;
    expect(figure.getAttribute('data-chart')).toBe('defects-by-team');
    expect(ref.text).toBe(figure.querySelector('.figure-number')!.text.replace(/\.\s*$/, ''));
  });

  test('a citation on the front page links to its entry in the references list on the page that prints it', () => {
    const cite = html('/').querySelector('.citation a')!;
    expect(cite.getAttribute('href')).toMatch(/^\/methods\/#ref-/);
    expect(target(cite.getAttribute('href')!, '/')?.tagName).toBe('LI');
  });

  test('no internal link or #fragment is broken, on any page', async () => {
    const result = await check({ path: dist(), recurse: true, checkFragments: true, linksToSkip: ['^(?!http://localhost|http://127\\.0\\.0\\.1)[a-z]+:'] });
    expect(result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.url} (from ${l.parent}): ${l.status}`)).toEqual([]);
    // Every chapter page was reached.
    for (let i = 1; i < chapters.length; i++) expect(result.links.some((l) => l.state === LinkState.OK && l.url.endsWith(pathOf(i))), pathOf(i)).toBe(true);
  }, 120_000);

  test('the search index covers every page, and each result names the page its section is on', async () => {
    const index = MiniSearch.loadJSON<{ id: string; page: string }>(await readFile(join(dist(), 'search-index.json'), 'utf8'), SEARCH_OPTIONS);
    const found = (query: string) => index.search(query).map((r) => `${r.page}#${r.id}`);
    // "blinding" is only in the caveats; "planted" is in the overview, the findings and the background's footnote.
    expect(found('blinding')).toEqual(['/caveats/#caveats']);
    expect(found('planted')).toContain('/background/#background');
    expect(found('planted')).toContain('/#overview');
    for (const query of ['planted', 'coffee', 'review']) {
      for (const [id, page] of index.search(query).map((r) => [r.id, r.page] as const)) expect(target(`${page}#${id}`, '/')?.id, `${page}#${id}`).toBe(id);
    }
  });

  test('the page map sends every chapter, figure and reference id to the page that holds it', async () => {
    const map = JSON.parse(await readFile(join(dist(), 'page-map.json'), 'utf8')) as { pages: string[]; ids: Record<string, string> };
    expect(map.pages).toEqual(chapters.map((_, i) => pathOf(i)));
    expect(map.ids['figure-weekly-trend']).toBe('/finding-2-it-held/');
    for (const [id, page] of Object.entries(map.ids)) expect(target(`${page}#${id}`, '/')?.id, id).toBe(id);
  });

  test('every chapter page carries the CSP, in its <meta> and in _headers, and is in the sitemap and the feed', async () => {
    const headers = await readFile(join(dist(), '_headers'), 'utf8');
    const sitemap = await readFile(join(dist(), 'sitemap-0.xml'), 'utf8');
    const feed = await readFile(join(dist(), 'rss.xml'), 'utf8');
    for (let i = 1; i < chapters.length; i++) {
      const path = pathOf(i);
      expect(html(path).querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'), path).toContain("object-src 'none'");
      expect(headers, path).toMatch(new RegExp(`^${path}\\n {2}Content-Security-Policy: [^\\n]*frame-ancestors 'self'`, 'm'));
      expect(sitemap, path).toContain(`<loc>${SITE_URL}${path}</loc>`);
      expect(feed, path).toContain(`<link>${SITE_URL}${path}#${chapters[i]}</link>`);
    }
  });

  test('every report page and the gallery validate with html-validate (standard + document rules)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard', 'html-validate:document'], rules: { 'require-sri': 'off' } });
    const problems: string[] = [];
    for (const path of [...chapters.map((_, i) => pathOf(i)), '/charts/']) {
      const report = await validator.validateFile(join(dist(), path, 'index.html'));
      for (const result of report.results) for (const m of result.messages) problems.push(`${path}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
    expect(problems).toEqual([]);
  });

  test("a chapter page is titled by its chapter, and a finding's page is described by its claim", () => {
    const doc = html('/finding-2-it-held/');
    expect(doc.querySelector('title')!.text).toBe('The difference held every week · Coffee and Code Review');
    expect(doc.querySelector('meta[name="description"]')!.getAttribute('content')).toMatch(/^The gap between coffee and decaf teams/);
  });

  test('an embed page links back to its chart on the page that holds it', () => {
    const back = html('/embed/weekly-trend/').querySelector('.embed-back a')!;
    expect(back.getAttribute('href')).toBe('/finding-2-it-held/#figure-weekly-trend');
  });
});

describe('in the browser', () => {
  const site = {} as { browser: Browser; server: StaticServer };
  let url = '';
  beforeAll(async () => {
    site.server = await serveDir(dist());
    site.browser = await launchChromium();
    url = site.server.url;
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.close();
  });

  test('an old single-page link /#figure-<id> to a figure on a later page ends on that page, with the figure in view', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/#figure-weekly-trend`, { waitUntil: 'load' });
    await page.waitForURL(`${url}/finding-2-it-held/#figure-weekly-trend`);
    await expect.poll(() => page.locator('#figure-weekly-trend').evaluate((f) => {
      const box = f.getBoundingClientRect();
      return box.top < innerHeight && box.bottom > 0;
    })).toBe(true);
    await page.close();
  });

  test('with JavaScript off, the front page table of contents takes the reader to a chapter page', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/`, { waitUntil: 'load' });
    await page.locator('.toc-full a', { hasText: 'Methods' }).click();
    await page.waitForURL(`${url}/methods/#methods`);
    expect(await page.locator('#methods-title').textContent()).toBe('Methods');
    await context.close();
  });

  test('a search on a chapter page finds a section on another page and goes there', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/methods/`, { waitUntil: 'load' });
    await page.locator('button.search-open').click();
    await page.locator('#search-input').fill('blinding');
    const result = page.locator('.search-results a').first();
    await expect.poll(() => result.getAttribute('href')).toBe('/caveats/#caveats');
    await result.click();
    await page.waitForURL(`${url}/caveats/#caveats`);
    await page.close();
  });

  test.each([['/finding-2-it-held/', 'light'], ['/finding-2-it-held/', 'dark'], ['/', 'light'], ['/', 'dark']] as const)('%s has no axe violations in %s mode and nothing violates the CSP while its charts turn interactive', async (path, scheme) => {
    const page = await site.browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${url}${path}`, { waitUntil: 'load' });
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 500) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    // axe is injected past the policy (a new page with bypassCSP), as in tests/content/browser.test.ts.
    const open = await site.browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await open.goto(`${url}${path}`, { waitUntil: 'load' });
    const violations = await axeViolations(open);
    expect(violations).toEqual([]);
    await page.close();
    await open.close();
  });
});
