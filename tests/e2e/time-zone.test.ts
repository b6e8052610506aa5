/**
 * One time zone: a site built under America/Los_Angeles and read in a browser
 * set to Asia/Tokyo draws the same marks with the same labels statically and
 * once interactive (monthly bars over ISO dates, which JavaScript reads as UTC
 * midnight: local time would move 1 January into December in Los Angeles).
 * Both charts have a selection, so the browser draws them with Vega (not the build's SVG).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { copySite, runScript } from '../support/sites.ts';

let root: string;
let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  root = await copySite('time-zone');
  const built = runScript('build', root, { TZ: 'America/Los_Angeles' });
  expect(built.code, built.stderr).toBe(0);
  site = await serveDir(join(root, 'dist'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('charts in a time zone other than the build machine\'s', () => {
  for (const [id, first, count] of [['monthly', 'Month: Jan 2012; Mean temperature (°C): 5; Mean of temp_c: 5.0', 3], ['daily', 'Day: Jan 01, 2012; temp_c: 5; date: Jan 01, 2012', 92]] as const) {
    test(`${id}: the static SVG and the interactive chart show the same marks, in UTC`, async () => {
      // Vega labels each data mark with what it shows, in words (aria-label).
      const html = parse(readFileSync(join(root, 'dist/embed', id, 'index.html'), 'utf8'));
      const staticLabels = html.querySelectorAll('.chart-static-wide .role-mark [aria-label]').map((m) => m.getAttribute('aria-label'));
      expect(staticLabels.length).toBe(count);
      expect(staticLabels[0]).toBe(first);

      const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1000, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${site.url}/embed/${id}/`);
      expect(await page.evaluate(() => new Date(2012, 0, 1).getTimezoneOffset())).toBe(-540);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
      const liveLabels = await page.locator('.chart-live svg').evaluate((svg) => [...svg.querySelectorAll('.role-mark [aria-label]')].map((m) => m.getAttribute('aria-label')));
      expect(liveLabels).toEqual(staticLabels);
      await context.close();
    });
  }
});
