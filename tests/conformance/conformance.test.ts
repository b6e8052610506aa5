/**
 * Conformance: real Vega-Lite gallery specs, one group per feature family
 * (composition, data formats, transforms, selections and bindings, scales,
 * maps, animation), converted with the least change (bench/gallery-convert.ts) into
 * tests/conformance/site and built as a report. Each chart's static SVG must
 * have the same data marks as plain Vega rendering the unmodified gallery spec
 * over vega-datasets, and in Chromium it must become interactive; charts with
 * params must change when a reader hovers, clicks, drags or sets an input.
 * The original specs are in tests/conformance/original, the mapping in charts.json.
 */
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loader, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { interact } from '../support/interact.ts';
import { markSignature } from '../support/marks.ts';
import { serveDir, type StaticServer } from '../support/serve.ts';
import { vegaTooltipMarkup } from '../support/vega-tooltips.ts';
import { OUTPUT, runScript } from '../support/sites.ts';
import { axeViolations } from '../support/axe.ts';

const HERE = import.meta.dirname;
const REPO = resolve(HERE, '../..');
const CHARTS = JSON.parse(await readFile(join(HERE, 'charts.json'), 'utf8')) as Record<string, { family: string; original: string }>;

let root: string;
let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  await cp(join(REPO, 'tests/fixtures/minimal'), (root = await mkdtemp(join(OUTPUT, 'conformance-'))), { recursive: true });
  await cp(join(HERE, 'site'), root, { recursive: true });
  const built = runScript('build', root);
  expect(built.code, built.stderr).toBe(0);
  site = await serveDir(join(root, 'dist'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Plain Vega: Vega-Lite's compiler with no config, Vega reading the gallery's data files.
 * An animation is compared at its first frame (`firstFrame`: a filter on the time field), which
 * is what the static SVG shows; plain Vega without a browser's timer draws every frame at once.
 */
async function plainVegaSvg(name: string, firstFrame?: string): Promise<string> {
  const spec = JSON.parse(await readFile(join(HERE, 'original', `${name}.vl.json`), 'utf8')) as TopLevelSpec & { transform?: unknown[] };
  if (firstFrame) spec.transform = [{ filter: firstFrame }, ...(spec.transform ?? [])];
  const view = new View(parse(compile(spec).spec), { renderer: 'none', loader: loader({ baseURL: join(REPO, 'node_modules/vega-datasets/'), mode: 'file' }) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const families = [...new Set(Object.values(CHARTS).map((c) => c.family))];
for (const family of families) {
  describe(family, () => {
    for (const [id, { original }] of Object.entries(CHARTS).filter(([, c]) => c.family === family)) {
      test(`${original}: same marks as plain Vega`, async () => {
        const ours = markSignature(await readFile(join(root, 'dist/charts', `${id}.svg`), 'utf8'));
        expect(ours.length).toBeGreaterThan(0);
        expect(ours).toEqual(markSignature(await plainVegaSvg(original, family === 'animation' ? "datum.date === '2012-01-01'" : undefined)));
      });

      test(`${original}: becomes interactive, and responds to a reader when it has params`, async () => {
        const spec = await readFile(join(root, 'content/charts', `${id}.vl.json`), 'utf8');
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const warnings: string[] = [];
        page.on('console', (m) => void (m.type() === 'warning' || m.type() === 'error' ? warnings.push(m.text()) : undefined));
        try {
          await page.goto(`${site.url}/embed/${id}/`);
          await page.waitForFunction(() => ['ready', 'failed'].includes(document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive ?? ''), null, { timeout: 20_000 });
          expect(await page.locator('figure[data-chart]').getAttribute('data-interactive'), warnings.join('\n')).toBe('ready');
          if (/"select"|"bind"/.test(spec)) expect(await interact(page, '.chart-frame')).toBe(true);
          expect(warnings).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });
}

test('the map and nearest-selection parts of the runtime load only for the charts that use them', async () => {
  const chunks = async (id: string) => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${site.url}/embed/${id}/`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
    await page.close();
    return requested.map((u) => /\/(vega-geo|vega-voronoi|d3-geo)\.[^/]*\.js$/.exec(u)?.[1]).filter(Boolean).sort();
  };
  expect(await chunks('composition-trellis-barley')).toEqual([]);
  // Charts that only show tooltips never load Vega at all; a map with a bound input does, and its part.
  expect(await chunks('maps-geo-layer-line-london')).toEqual([]);
  // d3-geo comes with the map part: the rest of the runtime does without it (src/build/slim-vega-client.ts).
  expect(await chunks('maps-geo-params-projections')).toEqual(['d3-geo', 'vega-geo']);
  expect(await chunks('selections-interactive-multi-line-pivot-tooltip')).toEqual(['vega-voronoi']);
});

test('a live chart shows the box vega-tooltip would show for the mark under the pointer', async () => {
  const id = 'data-altair-datasets-bar';
  const expected = await vegaTooltipMarkup(JSON.parse(await readFile(join(root, 'dist/charts', `${id}.vg.json`), 'utf8')));
  expect(expected.length).toBeGreaterThan(1);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${site.url}/embed/${id}/`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
    const bars = page.locator('.chart-live svg .mark-rect.role-mark path');
    expect(await bars.count()).toBe(expected.length);
    for (const i of [0, expected.length - 1]) {
      await bars.nth(i).hover({ force: true });
      await expect.poll(() => page.locator('#vg-tooltip-element.visible').count()).toBe(1);
      const [shown, vegaMarkup] = await page.evaluate((all) => [
        document.getElementById('vg-tooltip-element')!.innerHTML,
        all.map((html) => Object.assign(document.createElement('div'), { innerHTML: html }).innerHTML),
      ], expected);
      expect(vegaMarkup).toContain(shown);
    }
    await page.mouse.move(1, 1);
    await expect.poll(() => page.locator('#vg-tooltip-element.visible').count()).toBe(0);
  } finally {
    await page.close();
  }
});

test('a brush passes axe, drawn and interactive (it is a control, not an unlabelled image)', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    await page.goto(`${site.url}/embed/selections-interactive-brush/`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
    expect(await interact(page, '.chart-live')).toBe(true);
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
  } finally {
    await page.close();
  }
});

test('an animation plays once interactive, from the first frame the static SVG shows', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${site.url}/embed/animation-animated-hop/`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive === 'ready');
    // One tick per day: the first day, as the static SVG shows it, then the next days.
    const ticks = () => page.evaluate(() => document.querySelectorAll('.chart-live .mark-rect.role-mark path').length);
    const frame = () => page.evaluate(() => document.querySelector('.chart-live .mark-rect.role-mark')?.innerHTML ?? '');
    expect(await ticks()).toBe(1);
    await page.waitForFunction((before) => document.querySelector('.chart-live .mark-rect.role-mark')?.innerHTML !== before, await frame(), { timeout: 5_000 });
  } finally {
    await page.close();
  }
});
