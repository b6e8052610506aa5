/**
 * Charts on other sites, in Chromium: a host page on another origin embeds two
 * charts with /embed.js and each iframe ends at its content height; a blank
 * page on another origin renders a chart from /charts/<id>.vl.json with
 * nothing but vega-embed, with the same marks as the report.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { SITE_DIR } from '../support/global-setup.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { OUTPUT } from '../support/sites.ts';

let browser: Browser;
let site: StaticServer;
let host: StaticServer;
const EMBEDDED = ['defects-by-team', 'reviews-by-team'];

beforeAll(async () => {
  site = await serveDir(SITE_DIR);
  const hostDir = join(OUTPUT, 'embed-host');
  await mkdir(hostDir, { recursive: true });
  // The host page: two snippets as the "Embed" box gives them, and embed.js once.
  const frames = EMBEDDED.map((id) => `<iframe src="${site.url}/embed/${id}/" title="${id}" width="100%" height="480" style="border:0"></iframe>`).join('\n<p>Some host text between the charts.</p>\n');
  await writeFile(join(hostDir, 'host.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Host</title></head><body style="margin:0 8px">\n<h1>A blog post</h1>\n${frames}\n<script async src="${site.url}/embed.js"></script></body></html>`);
  // The blank page: vega, vega-lite and vega-embed from this origin, the spec from the report's origin.
  for (const file of ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js']) {
    await copyFile(join('node_modules', file), join(hostDir, file.split('/').pop()!));
  }
  await writeFile(join(hostDir, 'blank.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title>
<script src="vega.min.js"></script><script src="vega-lite.min.js"></script><script src="vega-embed.min.js"></script></head>
<body><div id="vis"></div><script>
vegaEmbed('#vis', new URLSearchParams(location.search).get('spec'), { renderer: 'svg', actions: false })
  .then(() => document.body.dataset.done = 'yes', (e) => document.body.dataset.done = 'error: ' + e.message);
</script></body></html>`);
  host = await serveDir(hostDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), host?.close()]);
});

async function frameFor(page: Page, id: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes(`/embed/${id}/`))).toBe(true);
  return page.frames().find((f) => f.url().includes(`/embed/${id}/`))!;
}

describe('a host page on another origin', () => {
  test.each([320, 1200])('at %i px, both embeds render and each iframe ends at its content height', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const offsite: string[] = [];
    page.on('request', (r) => !r.url().startsWith(site.url) && !r.url().startsWith(host.url) && offsite.push(r.url()));
    await page.goto(`${host.url}/host.html`, { waitUntil: 'load' });
    expect(new URL(host.url).origin).not.toBe(new URL(site.url).origin);
    for (const id of EMBEDDED) {
      const frame = await frameFor(page, id);
      await frame.waitForSelector(`figure[data-chart="${id}"] .chart-frame svg .role-mark`);
      // The interactive chart is laid out for the frame's width.
      await frame.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
      const iframe = page.locator(`iframe[src*="/embed/${id}/"]`);
      // embed.js resized the frame to the page's content: no inner scrollbar, no big gap.
      await expect.poll(async () => {
        const outer = (await iframe.boundingBox())!.height;
        const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
        return Math.abs(outer - inner) <= 2 && outer !== 480;
      }, { timeout: 10_000 }).toBe(true);
      const overflow = await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      expect(overflow).toBeLessThanOrEqual(0);
      // The chart fills the frame's width.
      const widths = await frame.evaluate(() => [document.querySelector('.chart-frame svg')!.getBoundingClientRect().width, document.documentElement.clientWidth]);
      expect(widths[0]).toBeGreaterThan(widths[1]! - 40);
    }
    expect(offsite).toEqual([]);
    await page.close();
  });

  test('embed.js ignores height messages from other origins', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(`${host.url}/host.html`, { waitUntil: 'load' });
    const frame = await frameFor(page, EMBEDDED[0]!);
    await frame.waitForSelector('figure[data-chart] .chart-frame svg');
    await page.waitForTimeout(300);
    const before = (await page.locator('iframe').first().boundingBox())!.height;
    // The host page itself (a different origin from the embed) pretends to be the chart.
    await page.evaluate((id) => window.postMessage({ type: 'research-report:embed-height', chart: id, height: 5 }, '*'), EMBEDDED[0]);
    await page.waitForTimeout(300);
    expect((await page.locator('iframe').first().boundingBox())!.height).toBe(before);
    await page.close();
  });

  test('?theme=dark forces the dark theme on the embed page', async () => {
    const page = await browser.newPage({ colorScheme: 'light' });
    await page.goto(`${site.url}/embed/${EMBEDDED[0]}/?theme=dark`, { waitUntil: 'load' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 26)');
    await page.goto(`${site.url}/embed/${EMBEDDED[0]}/`, { waitUntil: 'load' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await page.close();
  });
});

describe('a blank page with only vega-embed', () => {
  test.each(EMBEDDED)('renders /charts/%s.vl.json with the same marks as the report', async (id) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.url}/blank.html?spec=${encodeURIComponent(`${site.url}/charts/${id}.vl.json`)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.done);
    expect(await page.evaluate(() => document.body.dataset.done)).toBe('yes');
    // Count bars the same way in both: vega-embed's live SVG and the report's build-time SVG.
    const reportHtml = readFileSync(join(SITE_DIR, `embed/${id}/index.html`), 'utf8');
    const counts = await page.evaluate((html) => {
      const count = (root: ParentNode) => root.querySelectorAll('g.mark-rect.role-mark path').length;
      const report = new DOMParser().parseFromString(html, 'text/html');
      return { live: count(document.querySelector('#vis')!), report: count(report.querySelector('figure[data-chart] .chart-static-wide')!) };
    }, reportHtml);
    expect(counts.report).toBeGreaterThan(3);
    expect(counts.live).toBe(counts.report);
    expect(errors).toEqual([]);
    await page.close();
  });
});
