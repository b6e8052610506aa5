/**
 * Content checks in Chromium, for every report (see report-content.test.ts):
 * every chart as a reader sees it, on a desktop and on a phone. A bar of a
 * non-zero value has width and height (not just an element), and nothing a
 * chart prints, in its static SVG, its aria labels, its caption or the tooltip
 * of any mark, says null, undefined or NaN.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { CONTENT_SITES } from '../support/content-sites.ts';
import { FULL_FIXTURE, SITE_DIR } from '../support/global-setup.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';

// The generator's full-featured fixture is checked the same way as every real report.
const SITES = [...CONTENT_SITES, { name: 'fixture report-full', root: FULL_FIXTURE, dist: SITE_DIR }];
const site = {} as { browser: Browser; server: StaticServer };
beforeAll(async () => {
  site.browser = await launchChromium();
});
afterAll(async () => {
  await site.browser?.close();
});
const MISSING = /\b(null|undefined|NaN)\b/;

interface MarkGroup {
  chart: string;
  mark: string;
  /** Elements of the group with their on-screen size and aria label. */
  elements: { w: number; h: number; label: string }[];
}

/** The data marks of every chart's visible SVG (the wide or the narrow one, whichever the column shows). */
async function markGroups(page: Page): Promise<MarkGroup[]> {
  return page.locator('figure[data-chart]').evaluateAll((figures) =>
    figures.flatMap((figure) => {
      const svg = [...figure.querySelectorAll('.chart-frame svg')].find((s) => s.getBoundingClientRect().height > 0);
      if (!svg) return [{ chart: figure.getAttribute('data-chart')!, mark: 'no visible svg', elements: [] }];
      // One Vega mark can be drawn as many groups (a bar with rounded ends is a group per bar): group by its class.
      const byMark = new Map<string, { w: number; h: number; label: string }[]>();
      for (const g of svg.querySelectorAll('g.role-mark')) {
        const mark = g.getAttribute('class') ?? '';
        const elements = [...g.querySelectorAll(':scope > path, :scope > line, :scope > text')].map((el) => {
          const box = el.getBoundingClientRect();
          // What the mark says it shows: Vega's ARIA label, or on the static SVG its tooltip (the page names a mark from it).
          const tooltip = el.getAttribute('data-tooltip');
          let label = el.getAttribute('aria-label') ?? '';
          if (!label && tooltip) {
            const value: unknown = JSON.parse(tooltip);
            label = value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}: ${v}`).join('; ') : String(value);
          }
          return { w: box.width, h: box.height, label };
        });
        byMark.set(mark, [...(byMark.get(mark) ?? []), ...elements]);
      }
      return [...byMark].map(([mark, elements]) => ({ chart: figure.getAttribute('data-chart')!, mark, elements }));
    }),
  );
}

/** All the text a figure shows or reads out: SVG text, aria labels, caption, description. */
async function printedText(page: Page): Promise<{ chart: string; text: string }[]> {
  return page.locator('figure[data-chart]').evaluateAll((figures) =>
    figures.map((figure) => ({
      chart: figure.getAttribute('data-chart')!,
      text: [figure.textContent ?? '', ...[...figure.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label')), ...[...figure.querySelectorAll('[data-tooltip]')].map((el) => el.getAttribute('data-tooltip')), ...[...figure.querySelectorAll('[aria-describedby]')].map((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent ?? '')].join('\n'),
    })),
  );
}

/**
 * With JavaScript off a phone shows the narrow layout as an image of /charts/<id>.narrow.svg
 * (the page ships only the wide SVG): put that same SVG in the page, so its marks are checked.
 */
async function inlineNarrowLayouts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const layout of document.querySelectorAll<HTMLElement>('.chart-static-narrow[data-src]')) {
      if (layout.getClientRects().length === 0) continue;
      const svg = new DOMParser().parseFromString(await (await fetch(layout.dataset.src!)).text(), 'image/svg+xml').documentElement;
      layout.querySelector('noscript')?.remove();
      layout.querySelector('.chart-slot')!.replaceWith(document.importNode(svg, true));
    }
  });
}

async function upgradeAll(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 20_000 });
}

describe.each(SITES.flatMap((report) => [['desktop', 1280], ['phone', 375]].map(([screen, width]) => ({ ...report, screen: screen as string, width: width as number }))))('$name on a $screen', ({ dist, width }) => {
  beforeAll(async () => {
    site.server = await serveDir(dist);
  });
  afterAll(async () => {
    await site.server?.close();
  });

  test('draws marks with area: each mark has something visible, and a bar of a non-zero value has width and height', async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await inlineNarrowLayouts(page);
    const groups = await markGroups(page);
    expect(new Set(groups.map((g) => g.chart)).size).toBe(await page.locator('figure[data-chart]').count());
    for (const group of groups) {
      const visible = group.elements.filter((e) => (e.w >= 1 && e.h >= 1) || (group.mark.includes('mark-rule') && Math.max(e.w, e.h) >= 1) || (group.mark.includes('mark-line') && Math.max(e.w, e.h) >= 1));
      expect(visible.length, `${group.chart}: ${group.mark} has visible marks`).toBeGreaterThan(0);
      if (!group.mark.includes('mark-rect')) continue;
      // A zero-sized bar is right only for a value of 0 (its aria label says so).
      const flat = group.elements.filter((e) => e.w < 1 || e.h < 1).filter((e) => !/: 0(;|$)/.test(e.label));
      expect(flat, `${group.chart}: bars without area`).toEqual([]);
    }
    await context.close();
  });

  test('prints no null, undefined or NaN in its SVG, aria labels, caption or description', async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await inlineNarrowLayouts(page);
    const texts = await printedText(page);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => MISSING.test(t.text)).map((t) => `${t.chart}: ${MISSING.exec(t.text)![0]} in …${t.text.slice(Math.max(0, MISSING.exec(t.text)!.index - 60), MISSING.exec(t.text)!.index + 10)}`)).toEqual([]);
    await context.close();
  });

  test('shows a tooltip without null, undefined or NaN for every mark that has one', async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
    await upgradeAll(page);
    const tooltips: { chart: string; text: string }[] = [];
    const tooltip = page.locator('#vg-tooltip-element.visible');
    for (const figure of await page.locator('figure[data-chart]').all()) {
      const chart = (await figure.getAttribute('data-chart'))!;
      await figure.scrollIntoViewIfNeeded();
      // Every mark of a small chart; an even sample of at most 24 of a large one (a scatter of a thousand points).
      const all = await figure.locator('.chart-frame svg g.role-mark > path[aria-label]').all();
      const step = Math.max(1, Math.ceil(all.length / 24));
      for (const mark of all.filter((_, i) => i % step === 0)) {
        const box = await mark.boundingBox();
        if (!box || box.width < 1 || box.height < 1) continue;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        // A layer may have no tooltip; every tooltip that shows is read.
        if (await tooltip.waitFor({ timeout: 600 }).then(() => true, () => false)) tooltips.push({ chart, text: await tooltip.innerText() });
        await page.mouse.move(0, 0);
      }
    }
    // Hovering found a tooltip in every chart whose spec asks for one.
    const withTooltips = readdirSync(join(dist, 'embed')).filter((id) => readFileSync(join(dist, 'charts', `${id}.vl.json`), 'utf8').includes('"tooltip"'));
    const placed = await page.locator('figure[data-chart]').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-chart')!));
    expect([...new Set(tooltips.map((t) => t.chart))].sort()).toEqual(withTooltips.filter((id) => placed.includes(id)).sort());
    expect(tooltips.filter((t) => MISSING.test(t.text))).toEqual([]);
    await context.close();
  }, 180_000);
});
