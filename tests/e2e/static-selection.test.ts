/**
 * Point selections without Vega (src/pipeline/static-selection.ts and
 * src/client/static-selection.ts), on the `selections` fixture: after every
 * click, shift-click, double click and legend click of a seeded random
 * sequence, each mark and legend entry of the page's SVG is painted as plain
 * Vega paints the same chart after the same events. The Vega chunk is never
 * requested for those charts; a brush and a hover selection still load it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { copySite, runScript } from '../support/sites.ts';
import { axeViolations } from '../support/axe.ts';

const REPO = join(import.meta.dirname, '../..');
let root: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  root = await copySite('selections');
  const built = runScript('build', root);
  if (built.code !== 0) throw new Error(`the selections fixture did not build:\n${built.stdout}\n${built.stderr}`);
  server = await serveDir(join(root, 'dist'));
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// The marks and legend entries whose paint a selection changes, in document order, on either page.
const PAINTED = ':is(.role-mark, .role-legend-symbol, .role-legend-label) > :is(path, text, line, rect)';
const PAINT = ['opacity', 'fill', 'stroke', 'fill-opacity', 'stroke-opacity', 'stroke-width'];

type Action = { kind: 'click' | 'shift-click' | 'dblclick'; target: 'mark' | 'legend' | 'nothing'; index: number };

/** Where a reader would click on the i-th mark (or legend symbol, or on nothing), in page coordinates. */
async function pointOf(page: Page, svg: string, action: Action): Promise<[number, number]> {
  return page.evaluate(
    ({ svg, action }) => {
      const root = document.querySelector<SVGSVGElement>(svg)!;
      if (action.target === 'nothing') {
        const box = root.getBoundingClientRect();
        return [box.left + 2, box.top + 2] as [number, number];
      }
      const all = [...root.querySelectorAll<SVGGraphicsElement>(action.target === 'mark' ? '.role-mark > path' : '.role-legend-symbol > path')];
      const el = all[action.index % all.length]!;
      if (el.closest('.mark-line')) {
        // A line: a point on its stroke, not the middle of its bounding box.
        const path = el as SVGPathElement;
        const p = path.getPointAtLength(path.getTotalLength() * 0.3);
        const m = path.getScreenCTM()!;
        return [m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f] as [number, number];
      }
      const box = el.getBoundingClientRect();
      return [box.left + box.width / 2, box.top + box.height / 2] as [number, number];
    },
    { svg, action },
  );
}

async function perform(page: Page, svg: string, action: Action): Promise<void> {
  const [x, y] = await pointOf(page, svg, action);
  if (action.kind === 'dblclick') return page.mouse.dblclick(x, y);
  if (action.kind === 'shift-click') await page.keyboard.down('Shift');
  await page.mouse.click(x, y);
  if (action.kind === 'shift-click') await page.keyboard.up('Shift');
}

// A transparent stroke paints nothing: Vega's DOM renderer writes it on legend symbols, its string renderer does not.
const paintOf = (page: Page, svg: string) =>
  page.evaluate(
    ({ svg, selector, names }) => [...document.querySelector(svg)!.querySelectorAll(selector)].map((el) => names.map((n) => `${n}=${(el.getAttribute(n) ?? '').replace(/^transparent$/, '')}`).join(' ')),
    { svg, selector: PAINTED, names: PAINT },
  );

/** Plain Vega on the chart's compiled page spec, in its SVG renderer, on a blank page. */
async function plainVega(id: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.setContent('<!doctype html><div id="vis"></div>');
  await page.addScriptTag({ path: join(REPO, 'node_modules/vega/build/vega.min.js') });
  const spec = JSON.parse(readFileSync(join(root, 'dist/charts', `${id}.vg.json`), 'utf8')) as object;
  await page.evaluate(async (spec) => {
    const vega = (window as unknown as { vega: { View: new (r: unknown, o: object) => { runAsync(): Promise<unknown> }; parse(s: object): unknown } }).vega;
    const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: '#vis', hover: false });
    (window as unknown as { view: unknown }).view = view;
    await view.runAsync();
    return null;
  }, spec);
  return page;
}

async function ours(id: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/embed/${id}/`);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
  return { page, requests };
}

/** A seeded sequence of what a reader might do (mulberry32): the same on every run. */
function actions(seed: number, n: number, legend: boolean): Action[] {
  let t = seed;
  const random = () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const kinds: Action['kind'][] = ['click', 'click', 'shift-click', 'shift-click', 'dblclick'];
  const targets: Action['target'][] = legend ? ['mark', 'legend', 'legend', 'legend', 'nothing'] : ['mark', 'mark', 'mark', 'nothing'];
  return Array.from({ length: n }, () => ({ kind: kinds[Math.floor(random() * kinds.length)]!, target: targets[Math.floor(random() * targets.length)]!, index: Math.floor(random() * 64) }));
}

// Bars by group, points by two fields (empty: false), bars whose two conditions differ in `empty`,
// points by their own id (no fields), lines by the legend.
const CHARTS = { 'pick-bar': false, 'pick-points': false, 'pick-outline': false, 'pick-any': false, 'legend-lines': true } as const;

describe('point selections without Vega', () => {
  test('the charts whose only interaction is a point selection do not need Vega; a brush and a hover selection do', () => {
    const html = readFileSync(join(root, 'dist/index.html'), 'utf8');
    const figure = (id: string) => new RegExp(`<figure[^>]*data-chart="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    for (const id of Object.keys(CHARTS)) {
      expect(figure(id), id).toContain('data-selection=');
      expect(figure(id), id).not.toContain('data-needs-runtime');
    }
    for (const id of ['brush', 'hover-bar']) {
      expect(figure(id), id).toContain('data-needs-runtime');
      expect(figure(id), id).not.toContain('data-selection=');
    }
  });

  for (const [id, legend] of Object.entries(CHARTS)) {
    test(`${id}: after each of 24 clicks, every mark is painted as plain Vega paints it`, async () => {
      const vega = await plainVega(id);
      const { page, requests } = await ours(id);
      try {
        const [vegaSvg, ourSvg] = ['#vis svg', '.chart-frame svg'];
        const start = await paintOf(page, ourSvg);
        expect(start.length).toBeGreaterThan(3);
        expect(start).toEqual(await paintOf(vega, vegaSvg));
        const seen = new Set([start.join('\n')]);
        for (const [i, action] of actions(id.length * 7919, 24, legend).entries()) {
          await perform(vega, vegaSvg, action);
          await vega.evaluate(() => (window as unknown as { view: { runAsync(): Promise<unknown> } }).view.runAsync().then(() => null));
          await perform(page, ourSvg, action);
          const expected = await paintOf(vega, vegaSvg);
          expect(await paintOf(page, ourSvg), `after action ${i + 1}: ${action.kind} on ${action.target} ${action.index}`).toEqual(expected);
          seen.add(expected.join('\n'));
        }
        // The sequence did select things: the paint went through several states, not only the first.
        expect(seen.size).toBeGreaterThan(2);
        expect(requests.filter((u) => /chart-view|vega-runtime|\.vg\.json/.test(u))).toEqual([]);
      } finally {
        await vega.close();
        await page.close();
      }
    });
  }

  test('from the keyboard: Enter on a focused bar picks it, Shift+Enter on the next adds it, Escape empties the selection', async () => {
    const { page } = await ours('pick-bar');
    try {
      const opacities = () => page.evaluate(() => [...document.querySelectorAll('.chart-frame svg .role-mark > path')].map((el) => el.getAttribute('opacity')));
      const all = await opacities();
      expect(all.every((o) => o === '1')).toBe(true);
      await page.locator('.chart-frame [tabindex="0"]').focus();
      await page.keyboard.press('Enter');
      const first = await page.evaluate(() => document.activeElement?.getAttribute('data-sel'));
      expect(first).toBeTruthy();
      const afterEnter = await opacities();
      expect(afterEnter.filter((o) => o === '1').length).toBe(1);
      // Said to screen readers too: the group of the bar picked.
      expect(await page.locator('figure[data-chart] [aria-live="polite"]').textContent()).toBe(`Selected: ${(JSON.parse(first!) as string[]).join(', ')}`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+Enter');
      expect((await opacities()).filter((o) => o === '1').length).toBe(2);
      expect(await page.locator('figure[data-chart] [aria-live="polite"]').textContent()).toMatch(/^Selected: \w+; \w+$/);
      await page.keyboard.press('Escape');
      expect(await opacities()).toEqual(all);
      expect(await page.locator('figure[data-chart] [aria-live="polite"]').textContent()).toBe('');
    } finally {
      await page.close();
    }
  });

  test('a phone-width page paints its own (narrow) layout the same way', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/#figure-legend-lines`);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart="legend-lines"]')?.dataset.interactive === 'ready');
      expect(await page.locator('figure[data-chart="legend-lines"] .chart-frame').getAttribute('data-layout')).toBe('narrow');
      const entries = page.locator('figure[data-chart="legend-lines"] .chart-frame svg .role-legend-symbol > path');
      const box = (await entries.nth(1).boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      const lines = await page.evaluate(() => [...document.querySelectorAll('figure[data-chart="legend-lines"] .chart-frame svg .mark-line.role-mark > path')].map((el) => el.getAttribute('opacity')));
      expect(lines.filter((o) => o === '1')).toHaveLength(1);
      expect(lines.filter((o) => o === '0.2')).toHaveLength(lines.length - 1);
    } finally {
      await context.close();
    }
  });

  test('the page passes axe with every chart interactive and a selection made (marks and legend entries are named stops)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    try {
      await page.goto(`${server.url}/`);
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 400) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 30));
        }
      });
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure[data-chart]')].every((f) => f.dataset.interactive === 'ready'), null, { timeout: 20_000 });
      const entry = page.locator('figure[data-chart="legend-lines"] g[data-sel-legend]').first();
      expect(await entry.getAttribute('aria-label')).toBe('alpha');
      expect(await entry.getAttribute('tabindex')).toBe('-1');
      await page.locator('figure[data-chart="pick-bar"] [data-sel]').first().click();
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
