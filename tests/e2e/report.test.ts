/**
 * The built report (the full-featured fixture) in a real Chromium, as a reader meets it: the page renders,
 * charts are visible (with JavaScript off too), no chart code loads for charts
 * that only show tooltips, hovering a bar shows its tooltip, nothing leaves localhost.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useServedSite } from '../support/served-site.ts';

const site = useServedSite();

interface Watched {
  page: Page;
  errors: string[];
  offsite: string[];
  requests: string[];
}

async function open(path: string, options: { width?: number; height?: number; javaScriptEnabled?: boolean } = {}): Promise<Watched> {
  const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const watched: Watched = { page, errors: [], offsite: [], requests: [] };
  page.on('console', (m) => m.type() === 'error' && watched.errors.push(m.text()));
  page.on('pageerror', (e) => watched.errors.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(site.server.url) || url.startsWith('data:')) {
      watched.requests.push(url);
      return route.continue();
    }
    watched.offsite.push(url);
    return route.abort();
  });
  await page.goto(site.server.url + path, { waitUntil: 'load' });
  return watched;
}

describe('the report in Chromium', () => {
  test('renders with every chart visible, no console errors and no request leaving localhost', async () => {
    const { page, errors, offsite } = await open('/');
    const boxes = await page.locator('figure[data-chart] .chart-frame').evaluateAll((frames) =>
      frames.map((f) => ({ id: f.closest('figure')!.getAttribute('data-chart'), w: f.getBoundingClientRect().width, h: f.getBoundingClientRect().height })),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    for (const box of boxes) expect(box.h, `${box.id} height`).toBeGreaterThan(80);
    // Scroll through the whole page so every chart upgrades, then check again.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await page.waitForFunction(() => [...document.querySelectorAll('figure[data-chart]')].every((f) => (f as HTMLElement).dataset.interactive === 'ready'), null, { timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await page.context().close();
  });

  test('loads no chart code for charts that only show tooltips, and makes them interactive in place without moving the layout', async () => {
    const { page, requests } = await open('/', { height: 500 });
    await page.waitForTimeout(500);
    const chartCode = () => requests.filter((u) => /chart-view|vega-runtime|\.vg\.json/.test(u));
    expect(chartCode()).toEqual([]);

    const figure = page.locator('figure[data-chart="defects-by-team"]');
    const before = await figure.boundingBox();
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector('figure[data-chart="defects-by-team"]') as HTMLElement).dataset.interactive === 'ready');
    // Every chart of the fixture needs only tooltips: the build put them on the SVG, Vega never loads.
    expect(await page.locator('figure[data-chart="defects-by-team"] .chart-frame svg [data-tooltip]').count()).toBeGreaterThan(3);
    expect(chartCode()).toEqual([]);
    const after = await figure.boundingBox();
    expect(after!.height).toBeCloseTo(before!.height, 0);
    expect(after!.width).toBeCloseTo(before!.width, 0);
    await page.context().close();
  });

  test('hovering a bar shows its tooltip with the value from the data', async () => {
    const { page } = await open('/');
    const figure = page.locator('figure[data-chart="defects-by-team"]');
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector('figure[data-chart="defects-by-team"]') as HTMLElement).dataset.interactive === 'ready');
    // The first bar (sorted descending) is the 96% bar.
    const bar = figure.locator('.role-mark.mark-rect path').first();
    await bar.hover();
    const tooltip = page.locator('#vg-tooltip-element.visible');
    await expect.poll(() => tooltip.count()).toBe(1);
    const text = await tooltip.innerText();
    expect(text).toContain('Defects found (%)');
    expect(text).toContain('96');
    await page.context().close();
  });

  test('with JavaScript disabled, all text and every chart are still there', async () => {
    const { page } = await open('/', { javaScriptEnabled: false });
    // Each figure carries a wide and a narrow build-time SVG; the column's width shows one.
    const shown = await page.locator('figure[data-chart] .chart-frame svg').evaluateAll((svgs) => svgs.filter((s) => s.getBoundingClientRect().height > 0).map((s) => s.getBoundingClientRect().height));
    const figures = await page.locator('figure[data-chart]').count();
    expect(shown.length).toBe(figures);
    const heights = shown;
    for (const h of heights) expect(h).toBeGreaterThan(80);
    expect(await page.locator('section[data-finding]').count()).toBe(2);
    await page.context().close();
  });

  test('fits a 375 px phone screen without horizontal scrolling', async () => {
    const { page } = await open('/', { width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
