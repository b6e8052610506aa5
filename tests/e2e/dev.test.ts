/**
 * `npm run dev` as an author lives in it: editing a CSV updates the open page
 * without a reload; a bad edit shows the error, with file, line and fix, in
 * Astro's overlay; fixing the file brings the page back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { copySite } from '../support/sites.ts';

let site: string;
let dev: ChildProcess;
let url: string;
let browser: Browser;
let log = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  site = await copySite('minimal', 'dev');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--root', site, '--config', relative(site, 'astro.config.mjs'), '--port', String(port), '--host', '127.0.0.1'], {
    // Astro behaves as a library under vitest (VITEST* variables): run the CLI as an author would.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))), NODE_ENV: 'development' },
  });
  dev.on('exit', (code) => (log += `\n[astro dev exited with ${code}]`));
  dev.stdout!.on('data', (d) => (log += d));
  dev.stderr!.on('data', (d) => (log += d));
  for (let waited = 0; !(await fetch(url).then((r) => r.ok, () => false)); waited += 500) {
    if (waited > 60_000) throw new Error(`astro dev did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  dev?.kill();
  await rm(site, { recursive: true, force: true });
});

test('a CSV edit updates the open page; a bad edit shows in the overlay; the fix recovers it', async () => {
  const csv = join(site, 'data/results.csv');
  const good = await readFile(csv, 'utf8');
  const page = await browser.newPage();
  await page.goto(`${url}/`, { waitUntil: 'load' });
  const value = page.locator('data.value[data-row="treated"]').first();
  expect(await value.textContent()).toBe('12.5%');

  await writeFile(csv, good.replace('treated,12.5,', 'treated,12.5%,'));
  const overlay = page.locator('vite-error-overlay');
  await expect.poll(() => overlay.count(), { timeout: 20_000 }).toBe(1);
  // Read through a reload: each loader's refresh may reload the page once more, which destroys the element being read.
  await expect
    .poll(() => overlay.evaluate((el) => el.shadowRoot?.textContent ?? '').catch(() => ''), { timeout: 20_000 })
    .toContain('data/results.csv:3:2 rate_pct: expected a number from 0 to 100, got "12.5%" (write the number without the % sign)');
  expect(log).toContain('data/results.csv:3:2 rate_pct');

  await writeFile(csv, good.replace('treated,12.5,', 'treated,14,'));
  await expect.poll(() => page.locator('data.value[data-row="treated"]').first().textContent().catch(() => ''), { timeout: 20_000 }).toBe('14%');
  await expect.poll(async () => ((await overlay.count()) ? await overlay.evaluate((el) => el.shadowRoot?.textContent?.slice(0, 300)) : 'no overlay'), { timeout: 10_000 }).toBe('no overlay');
  await page.close();
});
