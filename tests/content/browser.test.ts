/**
 * Content checks in Chromium, for every report (see report-content.test.ts):
 * every chart's marks are visible (they have area or length, not just
 * elements), axe-core (WCAG 2.2 A/AA) finds nothing on any page in either
 * theme, every page validates, no internal link or anchor is broken, and the
 * strict CSP holds on every page while every chart turns interactive.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { check, LinkState } from 'linkinator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { CONTENT_SITES } from '../support/content-sites.ts';
import { FULL_FIXTURE, SITE_DIR } from '../support/global-setup.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { axeViolations } from '../support/axe.ts';

// The generator's full-featured fixture is checked the same way as every real report.
const SITES = [...CONTENT_SITES, { name: 'fixture report-full', root: FULL_FIXTURE, dist: SITE_DIR }];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function upgradeAllCharts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 45_000 });
}

describe.each(SITES)('$name', (site) => {
  let server: StaticServer;
  const chartIds = readdirSync(join(site.dist, 'embed')).sort();
  const PAGES = ['/', '/charts/', ...chartIds.map((id) => `/embed/${id}/`)];
  beforeAll(async () => {
    server = await serveDir(site.dist);
  });
  afterAll(async () => {
    await server?.close();
  });

  test.each(['wide', 'narrow'] as const)('every chart draws visible marks in its %s build-time SVG: each mark group has an item with area or length', async (layout) => {
    // The page ships the wide SVG; phones load the narrow one (/charts/<id>.narrow.svg) in its place.
    // Both are checked as drawn on the page, with the page's own scripts kept out.
    const page = await browser.newPage({ viewport: { width: layout === 'wide' ? 1280 : 375, height: 900 } });
    await page.route('**/_astro/*.js', (route) => route.abort());
    await page.goto(server.url + '/', { waitUntil: 'load' });
    if (layout === 'narrow') {
      await page.evaluate(async () => {
        for (const slot of document.querySelectorAll<HTMLElement>('.chart-static-narrow[data-src]')) {
          const svg = new DOMParser().parseFromString(await (await fetch(slot.dataset.src!)).text(), 'image/svg+xml').documentElement;
          slot.querySelector('.chart-slot')!.replaceWith(document.importNode(svg, true));
        }
      });
    }
    const invisible = await page.evaluate((which) => {
      const out: string[] = [];
      for (const figure of document.querySelectorAll('figure[data-chart]')) {
        const svg = figure.querySelector(`.chart-static-${which} svg`);
        if (!svg) { out.push(`${figure.getAttribute('data-chart')}: no SVG`); continue; }
        const groups = [...svg.querySelectorAll('g.role-mark')].filter((g) => g.children.length > 0);
        if (groups.length === 0) out.push(`${figure.getAttribute('data-chart')}: no marks`);
        // Per kind of mark (a facet has one group per cell, and a single bar may rightly be 0).
        const kinds = new Map<string, boolean>();
        for (const group of groups) {
          const kind = [...group.classList].filter((c) => c.startsWith('mark-') || c.endsWith('_marks')).join(' ');
          const lengthOnly = /mark-(line|rule|text|trail)/.test(kind);
          const visible = [...group.children].some((item) => {
            const box = (item as SVGGraphicsElement).getBBox();
            return lengthOnly ? box.width + box.height > 0.5 : box.width * box.height > 0.5;
          });
          kinds.set(kind, (kinds.get(kind) ?? false) || visible);
        }
        for (const [kind, visible] of kinds) if (!visible) out.push(`${figure.getAttribute('data-chart')}: ${kind} has no visible item`);
      }
      return out;
    }, layout);
    expect(invisible).toEqual([]);
    await page.close();
  });

  describe('axe-core, WCAG 2.2 A and AA', () => {
  test.each(PAGES.flatMap((path) => (['light', 'dark'] as const).map((scheme) => [path, scheme] as const)))('%s in %s mode has no violations', async (path, scheme) => {
    // bypassCSP lets the test inject axe; the policy itself is tested below.
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(server.url + path, { waitUntil: 'load' });
    await upgradeAllCharts(page);
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
    await page.close();
  });
  });

  describe('the built HTML', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.table.html')) fragments.push(join(dir, entry.name));
        else if (entry.name.endsWith('.html')) files.push(join(dir, entry.name));
      }
    };
    // "Show data" tables (/charts/<id>.table.html) are fragments the pages fetch, not pages.
    const fragments: string[] = [];
    walk(site.dist);

    test('every page validates with html-validate (standard + document rules)', async () => {
      expect(files.length).toBe(PAGES.length);
      // require-sri is for third-party scripts and styles (CDNs); every asset here is same-origin and content-hashed.
      const validator = new HtmlValidate({ extends: ['html-validate:standard', 'html-validate:document'], rules: { 'require-sri': 'off' } });
      const problems: string[] = [];
      for (const file of files) {
        const report = await validator.validateFile(file);
        for (const result of report.results) {
          for (const m of result.messages) problems.push(`${relative(site.dist, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
        }
      }
      expect(problems).toEqual([]);
    });

    test('every "Show data" table fragment validates (standard rules), one per chart', async () => {
      expect(fragments.map((f) => relative(site.dist, f)).sort()).toEqual(chartIds.map((id) => `charts/${id}.table.html`).sort());
      const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
      const problems: string[] = [];
      for (const file of fragments) {
        const report = await validator.validateString(readFileSync(file, 'utf8'), file);
        for (const result of report.results) for (const m of result.messages) problems.push(`${relative(site.dist, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
      expect(problems).toEqual([]);
    });

    test('has no broken internal links or anchors', async () => {
      const result = await check({ path: site.dist, recurse: true, checkFragments: true, linksToSkip: ['^(?!http://localhost|http://127\\.0\\.0\\.1)[a-z]+:'] });
      const broken = result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.url} (from ${l.parent}): ${l.status}`);
      expect(broken).toEqual([]);
      // Every page and every chart's downloads were reached.
      expect(result.links.filter((l) => l.state === LinkState.OK).length).toBeGreaterThan(PAGES.length + 4 * chartIds.length);
    });
  });

  describe('Content-Security-Policy', () => {
    test('every page carries the strict policy', () => {
      for (const path of PAGES) {
        const html = readFileSync(join(site.dist, path, 'index.html'), 'utf8');
        const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
        expect(policy, path).toContain("object-src 'none'");
        expect(policy, path).toContain("base-uri 'self'");
        expect(policy, path).not.toContain('unsafe-eval');
        expect(policy, path).not.toContain('unsafe-inline');
      }
      const headers = readFileSync(join(site.dist, '_headers'), 'utf8');
      expect(headers).toMatch(/^\/\n {2}Content-Security-Policy: [^\n]*frame-ancestors 'self'/m);
      expect(headers).toMatch(/^\/embed\/\*\n {2}Content-Security-Policy: [^\n]*frame-ancestors \*/m);
    });

    test('Vega loads only for the charts whose spec needs it (selections, bindings, pan and zoom): those are drawn live, the others keep their SVG and its tooltips', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(server.url + '/', { waitUntil: 'load' });
      await upgradeAllCharts(page);
      const onPage = await page.locator('main figure[data-chart]').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-chart')!));
      const needsVega = onPage.filter((id) => /"(select|bind)"\s*:/.test(readFileSync(join(site.root, `content/charts/${id}.vl.json`), 'utf8'))).sort();
      const live = await page.locator('main figure[data-chart]').evaluateAll((fs) => fs.filter((f) => f.querySelector('.chart-live svg .role-mark')).map((f) => f.getAttribute('data-chart')!));
      expect(live.sort()).toEqual(needsVega);
      expect(requests.some((u) => /chart-view[^/]*\.js$/.test(u))).toBe(needsVega.length > 0);
      // Specs are fetched for the live charts only.
      const specs = requests.filter((u) => u.endsWith('.vg.json')).map((u) => /charts\/([^/.]+)\./.exec(u)![1]).sort();
      expect(specs).toEqual(needsVega);
      await page.close();
    });

    test('nothing violates it while every chart turns interactive and shows a tooltip', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(() => {
        (window as unknown as { cspViolations: string[] }).cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(server.url + '/', { waitUntil: 'load' });
      await upgradeAllCharts(page);
      // Hover the biggest bar or point of the first chart whose spec has tooltips, as a reader would.
      const withTooltip = chartIds.filter((id) => readFileSync(join(site.root, `content/charts/${id}.vl.json`), 'utf8').includes('"tooltip"'));
      // The live Vega chart where the chart needs Vega, the build-time SVG (its tooltips without Vega) everywhere else.
      const marks = (id: string) => page.locator(`main figure[data-chart="${id}"] .chart-frame :is(.chart-live, .chart-static:not([hidden])) :is(.mark-rect, .mark-symbol).role-mark path:visible`);
      let hovered = false;
      for (const id of withTooltip) {
        if ((await marks(id).count()) === 0) continue;
        await page.locator(`main figure[data-chart="${id}"]`).scrollIntoViewIfNeeded();
        const biggest = await marks(id).evaluateAll((all) => {
          const areas = all.map((m) => m.getBoundingClientRect().width * m.getBoundingClientRect().height);
          return areas.indexOf(Math.max(...areas));
        });
        await marks(id).nth(biggest).hover();
        hovered = true;
        break;
      }
      if (hovered) await expect.poll(() => page.locator('#vg-tooltip-element.visible').count()).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      await page.close();
    });
  });
});
