/**
 * What the best publishers promise, checked in Chromium on the built site:
 * axe-core (WCAG 2.2 A/AA) on every page in both themes, valid HTML, no broken
 * links or anchors, a strict CSP that nothing violates, layouts from 320 to
 * 1920 px, a theme toggle that persists, and a clean print stylesheet.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { check, LinkState } from 'linkinator';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SITE_DIR } from '../support/global-setup.ts';
import { useServedSite } from '../support/served-site.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const chartIds = readdirSync(join(SITE_DIR, 'embed')).sort();
const PAGES = ['/', '/charts/', ...chartIds.map((id) => `/embed/${id}/`)];

const site = useServedSite();

async function upgradeAllCharts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 20_000 });
}

describe('axe-core, WCAG 2.2 A and AA', () => {
  test.each(PAGES.flatMap((path) => (['light', 'dark'] as const).map((scheme) => [path, scheme] as const)))('%s in %s mode has no violations', async (path, scheme) => {
    // bypassCSP lets the test inject axe; the policy itself is tested below.
    const page = await site.browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(site.server.url + path, { waitUntil: 'load' });
    await upgradeAllCharts(page);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe('the built HTML', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.html')) files.push(join(dir, entry.name));
    }
  };
  walk(SITE_DIR);

  test('every page validates with html-validate (standard + document rules)', async () => {
    expect(files.length).toBe(PAGES.length);
    // require-sri is for third-party scripts and styles (CDNs); every asset here is same-origin and content-hashed.
    const validator = new HtmlValidate({ extends: ['html-validate:standard', 'html-validate:document'], rules: { 'require-sri': 'off' } });
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateFile(file);
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${relative(SITE_DIR, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('has no broken internal links or anchors', async () => {
    const result = await check({ path: SITE_DIR, recurse: true, checkFragments: true, linksToSkip: ['^(?!http://localhost|http://127\\.0\\.0\\.1)[a-z]+:'] });
    const broken = result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.url} (from ${l.parent}): ${l.status}`);
    expect(broken).toEqual([]);
    expect(result.links.filter((l) => l.state === LinkState.OK).length).toBeGreaterThan(50);
  });
});

describe('Content-Security-Policy', () => {
  test('every page carries the strict policy', () => {
    for (const path of PAGES) {
      const html = readFileSync(join(SITE_DIR, path, 'index.html'), 'utf8');
      const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(policy, path).toContain("object-src 'none'");
      expect(policy, path).toContain("base-uri 'self'");
      expect(policy, path).not.toContain('unsafe-eval');
      expect(policy, path).not.toContain('unsafe-inline');
    }
    const headers = readFileSync(join(SITE_DIR, '_headers'), 'utf8');
    expect(headers).toMatch(/^\/\n {2}Content-Security-Policy: [^\n]*frame-ancestors 'self'/m);
    expect(headers).toMatch(/^\/embed\/\*\n {2}Content-Security-Policy: [^\n]*frame-ancestors \*/m);
  });

  test('nothing violates it while every chart turns interactive and shows a tooltip', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await upgradeAllCharts(page);
    const bar = page.locator('figure[data-chart="honeypot-interventions"] .role-mark.mark-rect path').first();
    await bar.scrollIntoViewIfNeeded();
    await bar.hover();
    await expect.poll(() => page.locator('#vg-tooltip-element.visible').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await page.close();
  });
});

describe('layout and themes', () => {
  test.each([320, 375, 768, 1280, 1920])('at %i px the page does not scroll sideways and charts fit their column', async (width) => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await upgradeAllCharts(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const misfits = await page.evaluate(() =>
      [...document.querySelectorAll('figure[data-chart] .chart-frame')].filter((f) => f.querySelector('svg')!.getBoundingClientRect().width > f.getBoundingClientRect().width + 1).map((f) => f.closest('figure')!.getAttribute('data-chart')),
    );
    expect(misfits).toEqual([]);
    // The table of contents is a compact menu on small screens, a list beside the text on wide ones.
    const compact = await page.locator('.toc-compact').isVisible();
    expect(compact).toBe(width < 1024);
    await page.close();
  });

  test('the theme toggle switches the page and its charts, and the choice persists', async () => {
    const context = await site.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const axisText = () => page.evaluate(() => getComputedStyle(document.querySelector('figure[data-chart] svg .role-axis-label text')!).fill);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.locator('button.theme-toggle').click();
    expect(await background()).toBe('rgb(21, 23, 26)');
    expect(await axisText()).toBe('rgb(232, 233, 235)');
    await page.reload({ waitUntil: 'load' });
    expect(await background()).toBe('rgb(21, 23, 26)');
    expect(await page.locator('button.theme-toggle').getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });

  test('the table of contents marks the section being read', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await page.locator('#caveats').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.toc-full a[aria-current="true"]').getAttribute('href')).toBe('#caveats');
    await page.close();
  });

  test('print hides navigation and tools, keeps figures whole and prints link addresses', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await page.locator('.chart-tools').first().isVisible()).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('figure[data-chart]')!).breakInside)).toBe('avoid');
    const after = await page.evaluate(() => getComputedStyle(document.querySelector('main a[href^="http"]')!, '::after').content);
    expect(after).toMatch(/^" \(" attr\(href\) "\)"$|^" \(https?:/);
    await page.close();
  });
});
