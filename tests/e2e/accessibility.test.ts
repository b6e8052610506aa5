/**
 * The generator's layout in Chromium, on the full-featured fixture: no
 * sideways scroll from 320 to 1920 px, a theme toggle that persists, a table
 * of contents that follows the reader, and a clean print stylesheet. (axe,
 * HTML validity, links and the CSP are checked on every report in tests/content.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useServedSite } from '../support/served-site.ts';

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
    // The reader scrolls until the caveats' heading reaches the top of the window.
    await page.locator('#caveats').evaluate((section) => section.scrollIntoView({ block: 'start' }));
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
