/**
 * Rasterising is the slowest step of a build with many charts, and its output
 * depends only on the SVG and the scale: PNGs are kept on disk by the hash of
 * both, so a rebuild re-rasterises only the charts that changed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartPng } from './render-chart.ts';

// Bump when the rasteriser or its fonts change.
const PNG_CACHE_VERSION = '1';

export function renderChartPngCached(svg: string, scale: number, cacheDir: string): Uint8Array {
  const key = createHash('sha256').update(`${PNG_CACHE_VERSION}\0${scale}\0${svg}`).digest('hex');
  const file = join(cacheDir, `${key}.png`);
  try {
    return readFileSync(file);
  } catch {
    const png = renderChartPng(svg, scale);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, png);
    return png;
  }
}
