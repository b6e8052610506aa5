/**
 * One time zone: a site built under America/Los_Angeles and read in a browser
 * set to Asia/Tokyo draws the same marks with the same labels statically and
 * once interactive (monthly bars over ISO dates, which JavaScript reads as UTC
 * midnight: local time would move 1 January into December in Los Angeles).
 * Both charts have a selection, so the browser draws them with Vega (not the build's SVG).
 * The fixture's report.yaml says `time_zone: UTC`, the one zone report.yaml accepts.
 */
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatProblems } from '../../src/errors/report-error.ts';
import { checkReport } from '../../src/report/check-report.ts';
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

describe('the report-level time_zone setting', () => {
  test('"UTC" is the default and the only zone: another one is refused at its line, saying how to write local times', async () => {
    const copy = await copySite('time-zone', 'time-zone-setting');
    try {
      const yaml = join(copy, 'content/report.yaml');
      const text = await readFile(yaml, 'utf8');
      expect(text).toContain('time_zone: UTC');
      await writeFile(yaml, text.replace('time_zone: UTC', 'time_zone: America/New_York'));
      const line = text.split('\n').findIndex((l) => l.startsWith('time_zone:')) + 1;
      expect(formatProblems((await checkReport(copy)).problems)).toBe(
        `content/report.yaml:${line} time_zone: expected "UTC", the one time zone charts are drawn in (the same for every reader, wherever the site is built or read), got "America/New_York" (write times in the data as the lab's clock read them, without a zone ("2024-03-10 14:00"): they are drawn exactly as written; a time with "Z" or an offset is shown in UTC)`,
      );
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
