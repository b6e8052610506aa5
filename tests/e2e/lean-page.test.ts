/**
 * The page ships each chart once (the wide SVG); the phone layout and the
 * "Show data" tables are fetched only where and when they are used, without
 * moving anything, and the page still works with JavaScript off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SITE_DIR } from '../support/global-setup.ts';
import { useServedSite } from '../support/served-site.ts';

const site = useServedSite();
const CHART = 'defects-by-team';

async function open(path: string, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; requests: string[] }> {
  const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // Layout shifts that moved any part of a chart (figure, caption, tools), from the very start.
  await page.addInitScript(() => {
    (window as unknown as { shifts: number }).shifts = 0;
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node?: Node | null }[] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Shift[]) {
        const inChart = e.sources.some((s) => s.node instanceof Element && s.node.closest('.chart'));
        if (!e.hadRecentInput && inChart) (window as unknown as { shifts: number }).shifts += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(site.server.url + path, { waitUntil: 'load' });
  return { page, requests };
}

async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 40));
    }
  });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 20_000 });
}

describe('a lean page', () => {
  test.each(['index.html', `embed/${CHART}/index.html`])('%s carries one drawn SVG per chart and no data table', (file) => {
    const html = readFileSync(join(SITE_DIR, file), 'utf8');
    const figures = html.match(/<figure class="chart-figure"/g)!.length;
    expect(html.match(/<svg[^>]*class="marks"/g)).toHaveLength(figures);
    expect(html).not.toMatch(/<table[^>]*>\s*<caption>[^<]*<\/caption>\s*<thead>/);
    // Every mark's tooltip is in it, once.
    expect(html).toContain('data-tooltip=');
  });

  test('on a wide screen the phone layout is never loaded; the tables only when "Show data" is opened, then with the rows', async () => {
    const { page, requests } = await open('/');
    await scrollThrough(page);
    expect(requests.filter((u) => /\.narrow\.svg$|\.table\.html$/.test(u))).toEqual([]);
    const details = page.locator(`figure[data-chart="${CHART}"] ~ details.chart-data`).first();
    await details.locator('summary').click();
    const table = details.locator('table');
    await expect.poll(() => table.count()).toBe(1);
    expect(requests.filter((u) => u.endsWith('.table.html'))).toEqual([`/charts/${CHART}.table.html`]);
    expect(await table.locator('tbody tr').count()).toBe(readFileSync(join(SITE_DIR, 'data/reviews.csv'), 'utf8').trim().split('\n').length - 1);
    expect(await table.locator('thead').innerText()).toContain('defects_found_pct (%)');
    // Opened again: not fetched again.
    await details.locator('summary').click();
    await details.locator('summary').click();
    expect(requests.filter((u) => u.endsWith('.table.html'))).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    await page.context().close();
  });

  test.each([375, 320])('on a %i px phone each chart is swapped for its phone layout with no layout shift, tooltips on its marks', async (width) => {
    const { page, requests } = await open('/', { width });
    await scrollThrough(page);
    const figures = await page.locator('figure[data-chart]').count();
    expect(requests.filter((u) => u.endsWith('.narrow.svg'))).toHaveLength(figures);
    expect(await page.locator('.chart-frame[data-layout="narrow"] svg.marks').count()).toBe(figures);
    expect(await page.locator('.chart-slot, .chart-static-wide').count()).toBe(0);
    expect(await page.locator(`figure[data-chart="${CHART}"] svg [data-tooltip]`).count()).toBeGreaterThan(3);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    await page.context().close();
  });

  test('with JavaScript off, a phone shows the phone layout as an image and "Show data" links to the CSV', async () => {
    const { page } = await open('/', { width: 375, javaScriptEnabled: false });
    const images = page.locator('figure[data-chart] .chart-static-narrow noscript img');
    expect(await images.count()).toBe(await page.locator('figure[data-chart]').count());
    const first = images.first();
    await first.scrollIntoViewIfNeeded();
    await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
    expect((await first.boundingBox())!.height).toBeGreaterThan(80);
    // The script's empty slot is not shown above it.
    expect(await page.locator('.chart-slot:visible').count()).toBe(0);
    const details = page.locator('details.chart-data').first();
    await details.locator('summary').click();
    const link = details.locator('a[href$=".csv"]');
    expect(await link.isVisible()).toBe(true);
    const response = await page.request.get(site.server.url + (await link.getAttribute('href'))!);
    expect(response.ok()).toBe(true);
    await page.context().close();
  });
});

describe('the chart runtime (loaded only for charts with selections, bindings, pan or zoom)', () => {
  const assets = join(SITE_DIR, '_astro');
  const runtime = () => {
    const file = readdirSync(assets).find((f) => /^chart-view\..*\.js$/.test(f));
    expect(file).toBeDefined();
    return readFileSync(join(assets, file!), 'utf8');
  };

  test('carries the categorical colour schemes Vega uses, not d3-scale-chromatic\'s sequential ones, and loads d3-geo only with the map part', () => {
    const code = runtime();
    // schemeCategory10 and schemeSet3, two of the ten vega-scale imports, as the library defines them.
    for (const first of ['#1f77b4', '#8dd3c7']) expect(code).toContain(first);
    // BrBG, d3-scale-chromatic's first sequential scheme, which the library's module builds on import.
    expect(code).not.toMatch(/d8b365/);
    // d3-geo is a chunk of its own, imported dynamically next to vega-geo (src/build/slim-vega-client.ts), never statically.
    const d3geo = readdirSync(assets).find((f) => /^d3-geo\..*\.js$/.test(f));
    expect(d3geo).toBeDefined();
    expect(code).toContain(`import(\`./${d3geo}\`)`);
    expect(code).not.toMatch(new RegExp(`from"\\./${d3geo!.replaceAll('.', '\\.')}"`));
  });
});
