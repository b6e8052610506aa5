/**
 * Tooltips without Vega, on the full-featured fixture (every chart there needs
 * only tooltips): a reader hovers, taps or tabs through a chart's marks and
 * sees each mark's values in the same box, with the same text, as Vega's
 * tooltip showed; the Vega chunk is never requested.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Spec } from 'vega';
import { describe, expect, test } from 'vitest';
import { SITE_DIR } from '../support/global-setup.ts';
import { useServedSite } from '../support/served-site.ts';
import { vegaTooltipMarkup } from '../support/vega-tooltips.ts';

const site = useServedSite();
const CHART = 'defects-by-team';

async function open(options: { width?: number; hasTouch?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; requests: string[] }> {
  const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, hasTouch: options.hasTouch, isMobile: options.hasTouch, colorScheme: options.colorScheme });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(site.server.url + '/', { waitUntil: 'load' });
  return { page, requests };
}

/** What vega-tooltip puts in its box for every mark of a chart, computed by Vega itself from the built spec. */
const vegaTooltipHtml = (id: string) => vegaTooltipMarkup(JSON.parse(readFileSync(join(SITE_DIR, `charts/${id}.vg.json`), 'utf8')) as Spec);

const tooltip = (page: Page) => page.locator('#vg-tooltip-element.visible');
const chartCode = (requests: string[]) => requests.filter((u) => /chart-view|vega-runtime|\.vg\.json/.test(u));

describe('tooltips without Vega', () => {
  test('the keyboard path: Tab reaches the first mark, arrow keys move mark to mark, each shows its values, Escape hides it', async () => {
    const { page, requests } = await open();
    const figure = page.locator(`figure[data-chart="${CHART}"]`);
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => document.querySelector<HTMLElement>(`figure[data-chart="${id}"]`)?.dataset.interactive === 'ready', CHART);
    // Tab from the element just before the chart lands on a mark inside it.
    await page.evaluate((id) => {
      const frame = document.querySelector(`figure[data-chart="${id}"] .chart-frame`)!;
      const before = [...document.querySelectorAll<HTMLElement>('a[href], button, [tabindex="0"], summary')].filter((el) => el.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1)!;
      before.focus();
    }, CHART);
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => ({ inChart: document.activeElement?.closest('.chart-frame')?.closest('figure')?.getAttribute('data-chart'), name: document.activeElement?.getAttribute('aria-label'), tabbable: document.activeElement?.getAttribute('tabindex') }));
    const first = await focused();
    expect(first.inChart).toBe(CHART);
    expect(first.tabbable).toBe('0');
    // Bars in reading order, top to bottom: the first is the best team, Platform at 96%.
    expect(first.name).toBe('Team: Platform; Drank: coffee; Defects found (%): 96');
    await expect.poll(() => tooltip(page).count()).toBe(1);
    expect(await tooltip(page).innerText()).toMatch(/Team\s+Platform\s+Drank\s+coffee\s+Defects found \(%\)\s+96/);

    await page.keyboard.press('ArrowDown');
    const second = await focused();
    expect(second.inChart).toBe(CHART);
    expect(second.name).not.toBe(first.name);
    expect(second.tabbable).toBe('0');
    expect(await tooltip(page).innerText()).toContain(second.name!.split('; ')[0]!.replace('Team: ', ''));
    // One tab stop per chart: the mark left behind is out of the tab order.
    expect(await page.locator(`figure[data-chart="${CHART}"] [data-tooltip][tabindex="0"]:visible`).count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    expect((await focused()).name).toBe(first.name);
    await page.keyboard.press('End');
    expect((await focused()).name).not.toBe(first.name);

    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip(page).count()).toBe(0);
    expect((await focused()).inChart).toBe(CHART);
    // Tab leaves the chart's marks in one step (to the source link in its caption).
    await page.keyboard.press('Tab');
    expect((await focused()).inChart).not.toBe(CHART);
    expect(chartCode(requests)).toEqual([]);
    await page.context().close();
  });

  test('hovering every chart shows its tooltips and the Vega chunk is never requested', async () => {
    const { page, requests } = await open();
    const ids = await page.locator('figure[data-chart]').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-chart')!));
    expect(ids.length).toBeGreaterThanOrEqual(6);
    for (const id of ids) {
      const mark = page.locator(`figure[data-chart="${id}"] .chart-frame svg [data-tooltip]:visible`).first();
      await mark.scrollIntoViewIfNeeded();
      await mark.hover({ force: true });
      await expect.poll(() => tooltip(page).count(), { message: id }).toBe(1);
      await page.mouse.move(1, 1);
      await expect.poll(() => tooltip(page).count(), { message: id }).toBe(0);
    }
    expect(await page.locator('figure[data-chart][data-interactive="ready"]').count()).toBe(ids.length);
    expect(await page.locator('figure[data-needs-runtime]').count()).toBe(0);
    expect(chartCode(requests)).toEqual([]);
    await page.context().close();
  });

  test('hover shows exactly the box Vega\'s tooltip showed for that mark', async () => {
    const { page } = await open();
    for (const id of ['defects-by-team', 'weekly-trend', 'effect-ranges']) {
      const expected = await vegaTooltipHtml(id);
      const marks = page.locator(`figure[data-chart="${id}"] .chart-frame svg :is(.mark-rect, .mark-symbol) [data-tooltip]:visible`);
      const count = await marks.count();
      expect(count, id).toBeGreaterThan(1);
      for (const i of [0, count - 1]) {
        await marks.nth(i).scrollIntoViewIfNeeded();
        await marks.nth(i).hover({ force: true });
        await expect.poll(() => tooltip(page).count()).toBe(1);
        // The browser serialises both the same way: compare the markup, not a reading of it.
        const [shown, vegaMarkup] = await page.evaluate((all) => {
          const el = document.getElementById('vg-tooltip-element')!;
          return [el.innerHTML, all.map((html) => Object.assign(document.createElement('div'), { innerHTML: html }).innerHTML)];
        }, expected);
        expect(vegaMarkup, id).toContain(shown);
        expect(shown).toMatch(/^<table><tbody><tr><td class="key">/);
      }
    }
    await page.context().close();
  });

  test('in the dark theme the box follows the page colours; on a phone a tap shows it docked at the foot of the screen', async () => {
    const dark = await open({ colorScheme: 'dark' });
    const mark = dark.page.locator(`figure[data-chart="${CHART}"] .chart-frame svg [data-tooltip]:visible`).first();
    await mark.scrollIntoViewIfNeeded();
    await mark.hover({ force: true });
    await expect.poll(() => tooltip(dark.page).count()).toBe(1);
    const colours = await dark.page.evaluate(() => {
      const s = getComputedStyle(document.getElementById('vg-tooltip-element')!);
      return { bg: s.backgroundColor, fg: s.color };
    });
    expect(colours).toEqual({ bg: 'rgb(21, 23, 26)', fg: 'rgb(232, 233, 235)' });
    await dark.page.context().close();

    const phone = await open({ width: 375, hasTouch: true });
    await phone.page.locator(`figure[data-chart="${CHART}"]`).scrollIntoViewIfNeeded();
    await phone.page.waitForFunction((id) => document.querySelector<HTMLElement>(`figure[data-chart="${id}"]`)?.dataset.interactive === 'ready', CHART);
    const bar = phone.page.locator(`figure[data-chart="${CHART}"] .chart-frame svg [data-tooltip]:visible`).first();
    await bar.scrollIntoViewIfNeeded();
    await bar.tap({ force: true });
    await expect.poll(() => tooltip(phone.page).count()).toBe(1);
    const box = await tooltip(phone.page).boundingBox();
    const viewport = phone.page.viewportSize()!;
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    expect(Math.round(viewport.height - (box!.y + box!.height))).toBe(8);
    expect(await tooltip(phone.page).innerText()).toContain('Defects found (%)');
    // A tap on the chart away from a mark hides it.
    const frame = await phone.page.locator(`figure[data-chart="${CHART}"] .chart-frame`).boundingBox();
    await phone.page.touchscreen.tap(frame!.x + frame!.width - 2, frame!.y + frame!.height - 2);
    await expect.poll(() => tooltip(phone.page).count()).toBe(0);
    expect(chartCode(phone.requests)).toEqual([]);
    await phone.page.context().close();
  });
});
