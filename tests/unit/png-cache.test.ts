/** The PNG cache: what the build rasterises ahead of the pages is drawn once, whoever asks first and however the folder is named. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prefetchPngs, renderChartPngCached } from '../../src/engines/png-cache.ts';
import { poolStats } from '../../src/engines/render-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'png-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="${fill}"/></svg>`;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const jobs = () => poolStats()['png 2×']?.jobs ?? 0;

describe('PNG cache', () => {
  it('rasterises each SVG once when the pages ask for PNGs the build is already drawing', async () => {
    const before = jobs();
    const colours = ['#d55e00', '#0072b2', '#009e73'];
    prefetchPngs(colours.map((c) => ({ svg: () => svg(c), scale: 2 })), dir, 2);
    // A page asks for the same PNGs at once, naming the folder as REPORT_ROOT may: relative to the working folder.
    const pngs = await Promise.all(colours.map((c) => renderChartPngCached(svg(c), 2, relative(process.cwd(), dir))));
    for (const png of pngs) expect([...png.slice(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(jobs() - before).toBe(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(3);
    // Asked again (the next build): from the disk, no job.
    await renderChartPngCached(svg(colours[0]!), 2, dir);
    expect(jobs() - before).toBe(3);
  });

  it('rasterises an SVG that fails once: the page gets the same error, not a second try', async () => {
    const broken = '<svg xmlns="http://www.w3.org/2000/svg" width="40"';
    const failed = () => poolStats()['png 1×']?.jobs ?? 0;
    const before = failed();
    // A card whose SVG cannot even be made is skipped; the broken one fails in the pool.
    prefetchPngs([{ svg: () => { throw new Error('no card'); }, scale: 1 }, { svg: () => broken, scale: 1 }], dir);
    await expect.poll(() => failed() - before).toBe(1);
    // The page asks after the failure: it gets that failure.
    await expect(renderChartPngCached(broken, 1, dir)).rejects.toThrow();
    expect(failed() - before).toBe(1);
  });
});
