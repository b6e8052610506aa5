/**
 * One time zone: a site built under America/Los_Angeles and read in a browser
 * set to Asia/Tokyo draws the same marks with the same labels statically and
 * once interactive (monthly bars over ISO dates, which JavaScript reads as UTC
 * midnight: local time would move 1 January into December in Los Angeles).
 * Every chart has a hover selection, so the browser draws it with Vega (not the build's SVG;
 * a click selection would be made without Vega, src/client/static-selection.ts).
 * The fixture's report.yaml says `time_zone: UTC`; a copy set to America/New_York shows
 * the hourly chart's UTC instants as New York wall-clock times, across the night its
 * clocks went forward, the same in the build and in the Tokyo browser.
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

/** The marks' labels of a chart: in the built page, and drawn live in a browser set to Tokyo. */
async function labels(dist: string, url: string, id: string): Promise<{ built: (string | undefined)[]; live: (string | null)[] }> {
  // The build's drawing with Vega's own words for each mark: the SVG download keeps them; the page's
  // static SVG carries each mark's tooltip instead (the page names a mark from it), one per mark.
  const download = parse(readFileSync(join(dist, 'charts', `${id}.svg`), 'utf8'));
  const built = download.querySelectorAll('.role-mark [aria-label]').map((m) => m.getAttribute('aria-label'));
  const html = parse(readFileSync(join(dist, 'embed', id, 'index.html'), 'utf8'));
  const pageMarks = html.querySelectorAll('.chart-static-wide .role-mark [data-tooltip]');
  expect(pageMarks.length).toBe(built.length);
  // Each tooltip value the page shows is in the words Vega gives the same mark.
  pageMarks.forEach((mark, i) => {
    for (const value of Object.values(JSON.parse(mark.getAttribute('data-tooltip')!) as Record<string, unknown>)) expect(built[i]).toContain(String(value));
  });
  const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/embed/${id}/`);
    expect(await page.evaluate(() => new Date(2012, 0, 1).getTimezoneOffset())).toBe(-540);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
    const live = await page.locator('.chart-live svg').evaluate((svg) => [...svg.querySelectorAll('.role-mark [aria-label]')].map((m) => m.getAttribute('aria-label')));
    return { built, live };
  } finally {
    await context.close();
  }
}

describe('charts in a time zone other than the build machine\'s', () => {
  const cases = [
    ['monthly', 'Month: Jan 2012; Mean temperature (°C): 5; Mean of temp_c: 5.0', 3],
    ['daily', 'Day: Jan 01, 2012; temp_c: 5; date: Jan 01, 2012', 92],
    ['hourly', 'Time: 05:00; reading: 1; Logged: Mar 11, 2012 05:00', 4],
  ] as const;
  for (const [id, first, count] of cases) {
    test(`${id}: the static SVG and the interactive chart show the same marks, in UTC`, async () => {
      // Vega labels each data mark with what it shows, in words (aria-label).
      const { built, live } = await labels(join(root, 'dist'), site.url, id);
      expect(built.length).toBe(count);
      expect(built[0]).toBe(first);
      expect(live).toEqual(built);
    });
  }
});

describe('the report-level time_zone setting', () => {
  let zoned: string;
  let zonedSite: StaticServer;
  beforeAll(async () => {
    zoned = await copySite('time-zone', 'time-zone-new-york');
    const yaml = join(zoned, 'content/report.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('time_zone: UTC', 'time_zone: America/New_York'));
    const built = runScript('build', zoned, { TZ: 'America/Los_Angeles' });
    expect(built.code, built.stderr).toBe(0);
    zonedSite = await serveDir(join(zoned, 'dist'));
  });
  afterAll(async () => {
    await zonedSite?.close();
    await rm(zoned, { recursive: true, force: true });
  });

  test('America/New_York: UTC instants are shown as New York wall-clock times, 01:00 then 03:00 as its clocks went forward, in the build and in a Tokyo browser', async () => {
    const { built, live } = await labels(join(zoned, 'dist'), zonedSite.url, 'hourly');
    expect(built).toEqual([
      'Time: 00:00; reading: 1; Logged: Mar 11, 2012 00:00',
      'Time: 01:00; reading: 2; Logged: Mar 11, 2012 01:00',
      'Time: 03:00; reading: 3; Logged: Mar 11, 2012 03:00',
      'Time: 04:00; reading: 4; Logged: Mar 11, 2012 04:00',
    ]);
    expect(live).toEqual(built);
  });

  test('dates and zone-less times are shown as written, whatever the zone', async () => {
    for (const id of ['monthly', 'daily']) {
      const html = (dist: string) => parse(readFileSync(join(dist, 'embed', id, 'index.html'), 'utf8')).querySelectorAll('.chart-static-wide .role-mark [aria-label]').map((m) => m.getAttribute('aria-label'));
      expect(html(join(zoned, 'dist')), id).toEqual(html(join(root, 'dist')));
    }
  });

  test('a chart with now() is refused in another zone: the instant is made when the chart is viewed, after the build shifted the rows', async () => {
    const copy = await copySite('time-zone', 'time-zone-now');
    try {
      const yaml = join(copy, 'content/report.yaml');
      await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('time_zone: UTC', 'time_zone: America/New_York'));
      const chart = join(copy, 'content/charts/hourly.vl.json');
      const spec = JSON.parse(await readFile(chart, 'utf8')) as Record<string, unknown>;
      await writeFile(chart, JSON.stringify({ ...spec, transform: [{ calculate: 'now() - toDate(datum.time)', as: 'age' }] }, null, 2));
      expect(formatProblems((await checkReport(copy)).problems)).toBe(
        'content/charts/hourly.vl.json expected a chart the build can show in America/New_York (report.yaml time_zone), got now() in an expression, an instant made when the chart is viewed (compute the time in the data instead of with now())',
      );
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  test('a name that is not an IANA time zone is refused at its line', async () => {
    const copy = await copySite('time-zone', 'time-zone-setting');
    try {
      const yaml = join(copy, 'content/report.yaml');
      const text = await readFile(yaml, 'utf8');
      await writeFile(yaml, text.replace('time_zone: UTC', 'time_zone: Eastern Time'));
      const line = text.split('\n').findIndex((l) => l.startsWith('time_zone:')) + 1;
      expect(formatProblems((await checkReport(copy)).problems)).toBe(
        `content/report.yaml:${line} time_zone: expected an IANA time zone name, such as "UTC" or "America/New_York", got "Eastern Time" (see the "TZ identifier" column of https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)`,
      );
      // A misspelt zone gets the name it was meant to be.
      await writeFile(yaml, text.replace('time_zone: UTC', 'time_zone: Europe/Pariss'));
      expect(formatProblems((await checkReport(copy)).problems)).toBe(
        `content/report.yaml:${line} time_zone: expected an IANA time zone name, such as "UTC" or "America/New_York", got "Europe/Pariss" (did you mean "Europe/Paris"?)`,
      );
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
