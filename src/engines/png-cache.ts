/**
 * Rasterising is the slowest step of a build with many charts, and its output
 * depends only on the SVG and the scale: PNGs are kept on disk by the hash of
 * both, so a rebuild re-rasterises only the charts that changed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPngInPool } from './render-pool.ts';

// Bump when the rasteriser or its fonts change.
const PNG_CACHE_VERSION = '1';

/** The PNG of an SVG, from the cache or rasterised in the render pool (a resvg panic aborts its process, not the build). */
export async function renderChartPngCached(svg: string, scale: number, cacheDir: string): Promise<Uint8Array> {
  const key = createHash('sha256').update(`${PNG_CACHE_VERSION}\0${scale}\0${svg}`).digest('hex');
  const file = join(cacheDir, `${key}.png`);
  try {
    return readFileSync(file);
  } catch {
    const png = await renderPngInPool(svg, scale);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, png);
    return png;
  }
}
