/**
 * Every chart of the built report as a reader sees it in Chromium, on a desktop
 * and on a phone: its marks take up room on the screen (a bar of a non-zero
 * value has width and height), and nothing it prints, in the static SVG, its
 * aria labels, its caption or the tooltip of any mark, says null, undefined or NaN.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useServedSite } from '../support/served-site.ts';

const site = useServedSite();
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
          return { w: box.width, h: box.height, label: el.getAttribute('aria-label') ?? '' };
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
      text: [figure.textContent ?? '', ...[...figure.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label')), ...[...figure.querySelectorAll('[aria-describedby]')].map((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent ?? '')].join('\n'),
    })),
  );
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

describe.each([
  ['desktop', 1280],
  ['phone', 375],
] as const)('every chart on a %s', (_name, width) => {
  test('draws marks with area: each mark has something visible, and a bar of a non-zero value has width and height', async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.server.url + '/', { waitUntil: 'load' });
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
    for (const figure of await page.locator('figure[data-chart]').all()) {
      const chart = (await figure.getAttribute('data-chart'))!;
      await figure.scrollIntoViewIfNeeded();
      const marks = figure.locator('.chart-frame svg g.role-mark > path[aria-label]');
      for (const mark of await marks.all()) {
        const box = await mark.boundingBox();
        if (!box || box.width < 1 || box.height < 1) continue;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const tooltip = page.locator('#vg-tooltip-element.visible');
        await expect.poll(() => tooltip.count(), { timeout: 2000 }).toBe(1);
        tooltips.push({ chart, text: await tooltip.innerText() });
        await page.mouse.move(0, 0);
      }
    }
    // Every chart has tooltips, and hovering found them.
    expect(new Set(tooltips.map((t) => t.chart)).size).toBe(await page.locator('figure[data-chart]').count());
    expect(tooltips.filter((t) => MISSING.test(t.text))).toEqual([]);
    await context.close();
  });
});
