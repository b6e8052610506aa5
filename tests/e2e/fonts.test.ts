/**
 * The page draws its text in the Inter the build measured chart labels with:
 * one preloaded font file, used at every weight, and each SVG label as wide in
 * the browser as the build laid it out (so nothing overlaps or is cut short).
 */
import { describe, expect, test } from 'vitest';
import { measureText } from '../../src/pipeline/text-metrics.ts';
import { useServedSite } from '../support/served-site.ts';

const site = useServedSite();

describe('fonts', () => {
  test('one font file, preloaded, serves the 400, 600 and 700 text', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const fonts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'font') fonts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${site.server.url}/`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const preloads = await page.locator('link[rel=preload][as=font]').evaluateAll((links) => links.map((l) => new URL((l as HTMLLinkElement).href).pathname));
    expect(preloads).toHaveLength(1);
    expect(fonts).toEqual(preloads);
    // Every weight the stylesheet uses resolves to the loaded Inter face, not a synthesised or fallback one.
    const used = await page.evaluate(() => ['400', '600', '700'].map((w) => document.fonts.check(`${w} 16px Inter`)));
    expect(used).toEqual([true, true, true]);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Inter' && f.status === 'loaded').map((f) => f.weight));
    expect(loaded).toEqual(['100 900']);
    await context.close();
  });

  test('chart labels are as wide in the browser as the build measured them', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    // A second visit has the font in its cache, so `optional` always uses it: a slow first
    // fetch on a loaded machine cannot leave this page in the fallback font.
    await page.reload({ waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const labels = await page.locator('.chart-static-wide svg text').evaluateAll((texts) =>
      texts
        .filter((t) => (t.textContent ?? '').trim() !== '' && !t.closest('[display=none]'))
        .map((t) => ({
          text: t.textContent ?? '',
          size: Number.parseFloat(t.getAttribute('font-size') ?? '11'),
          weight: t.getAttribute('font-weight') ?? 'normal',
          width: (t as SVGTextElement).getComputedTextLength(),
        })),
    );
    expect(labels.length).toBeGreaterThan(100);
    const weights = new Set(labels.map((l) => l.weight));
    expect(weights.size).toBeGreaterThan(1);
    const off = labels
      .map((l) => ({ ...l, built: measureText({ fontSize: l.size, fontWeight: l.weight }, l.text) }))
      .filter((l) => Math.abs(l.width - l.built) > 0.5);
    expect(off.map((l) => `${l.weight} ${l.size}px ${JSON.stringify(l.text)}: browser ${l.width.toFixed(2)}, build ${l.built.toFixed(2)}`)).toEqual([]);
    await context.close();
  });
});
