/**
 * Rasterising is the slowest step of a build with many charts, and its output
 * depends only on the SVG and the scale: PNGs are kept on disk by the hash of
 * both, so a rebuild re-rasterises only the charts that changed.
 *
 * The build starts rasterising as soon as the report is checked
 * (prefetchPngs), in the render pool, while Astro renders the pages on the main
 * thread; a page route that asks for a PNG already on its way waits for it
 * instead of drawing it again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderPngInPool } from './render-pool.ts';

// Bump when the rasteriser or its fonts change.
const PNG_CACHE_VERSION = '1';

/** Where a report's PNGs are kept between builds, next to the data snapshot. */
export function pngCacheDir(root: string): string {
  return join(root, '.build-state', 'png');
}

// Rasters on their way, by cache file: shared by the build script and the pages, which are other module instances.
const IN_FLIGHT = Symbol.for('research-report.png-in-flight');
function inFlight(): Map<string, Promise<Uint8Array>> {
  const global = globalThis as { [IN_FLIGHT]?: Map<string, Promise<Uint8Array>> };
  return (global[IN_FLIGHT] ??= new Map());
}

// Absolute: the pages name the report's folder as given (REPORT_ROOT may be relative), the build script resolved.
function cacheFile(svg: string, scale: number, cacheDir: string): string {
  return resolve(cacheDir, `${createHash('sha256').update(`${PNG_CACHE_VERSION}\0${scale}\0${svg}`).digest('hex')}.png`);
}

function readCached(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The PNG of an SVG, from the cache or rasterised in the render pool (a resvg panic aborts its process, not the build). */
export async function renderChartPngCached(svg: string, scale: number, cacheDir: string): Promise<Uint8Array> {
  const file = cacheFile(svg, scale, cacheDir);
  const cached = readCached(file);
  if (cached) return cached;
  let job = inFlight().get(file);
  if (!job) {
    job = renderPngInPool(svg, scale).then((png) => {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(file, png);
      // On disk now: later requests read the file.
      inFlight().delete(file);
      return png;
    });
    // A failure stays: the page that asks next gets the same error instead of waiting for a second try.
    inFlight().set(file, job);
  }
  return job;
}

/**
 * Rasterise these SVGs into the cache in the background, a few at a time (the
 * pool's queue never holds every card's SVG at once). A failure is left to the
 * page that asks for the PNG, which reports it with the chart's file.
 */
export function prefetchPngs(rasters: Iterable<{ svg: () => string; scale: number }>, cacheDir: string, inFlightAtMost = 4): void {
  const pending = rasters[Symbol.iterator]();
  const next = (): void => {
    for (let item = pending.next(); !item.done; item = pending.next()) {
      let svg: string;
      try {
        svg = item.value.svg();
      } catch {
        continue; // the page that draws this card meets the same error, and reports it
      }
      const file = cacheFile(svg, item.value.scale, cacheDir);
      // Drawn by an earlier build: nothing to read or wait for.
      if (existsSync(file)) continue;
      void renderChartPngCached(svg, item.value.scale, cacheDir).then(next, next);
      return;
    }
  };
  for (let i = 0; i < inFlightAtMost; i++) next();
}
