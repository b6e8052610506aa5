/** Search in Chromium: nothing loads until a reader opens it; then a query finds the sections that talk about it. */
import { expect, test } from 'vitest';
import { useServedSite } from '../support/served-site.ts';

const site = useServedSite();

test('search loads on first use and finds sections by their words and numbers', async () => {
  const page = await site.browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${site.server.url}/`, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  expect(requests.filter((u) => u.includes('search-index'))).toEqual([]);
  const before = requests.length;

  await page.locator('button.search-open').click();
  await page.locator('#search-input').fill('planted');
  const results = page.locator('.search-results li a');
  await expect.poll(() => results.count()).toBeGreaterThan(0);
  expect(requests.slice(before).some((u) => u.endsWith('/search-index.json'))).toBe(true);
  // Every result points at a section that exists on the page.
  for (const href of await results.evaluateAll((links) => links.map((l) => l.getAttribute('href')!))) {
    expect(await page.locator(href).count(), href).toBe(1);
  }
  expect(await page.locator('.search-results li').first().innerText()).toMatch(/planted/i);

  await page.locator('#search-input').fill('zzqqxx');
  await expect.poll(() => page.locator('.search-status').innerText()).toBe('No matches.');

  await page.locator('#search-input').fill('blinding');
  await expect.poll(() => results.count()).toBeGreaterThan(0);
  const first = await results.first().getAttribute('href');
  await results.first().click();
  expect(await page.evaluate(() => location.hash)).toBe(first);
  expect(await page.locator('dialog.search-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  await page.close();
});
