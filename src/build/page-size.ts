/**
 * Bytes per page: every chart's marks are drawn into its page, so many large
 * charts make a page no reader can load, even when each is within the row
 * limits. Checked on the built pages: over MAX_PAGE_BYTES the build fails;
 * over RECOMMENDED_PAGE_BYTES it says so and goes on.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Problem } from '../errors/report-error.ts';

// REPORT_MAX_PAGE_BYTES lowers it for tests; the limit is the operator's, not the content's, to change.
export const MAX_PAGE_BYTES = Number(process.env.REPORT_MAX_PAGE_BYTES) || 10_000_000;
/** What a page should stay under: about 5 s on a slow 3G connection, and a phone's parse stays short. */
export const RECOMMENDED_PAGE_BYTES = 2_000_000;

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The charts that weigh most on a page, from their `<figure data-chart>` elements. */
function heaviestCharts(html: string): string[] {
  const sizes: { id: string; bytes: number }[] = [];
  for (const match of html.matchAll(/<figure\b[^>]*\bdata-chart="([^"]+)"/g)) {
    const end = html.indexOf('</figure>', match.index);
    sizes.push({ id: match[1]!, bytes: (end === -1 ? html.length : end) - match.index });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((s) => `${s.id} ${mb(s.bytes)}`);
}

/** A page with several chapters can be split: the fix names the setting first. */
function fixFor(html: string): string {
  const chapters = html.match(/<section class="chapter"/g)?.length ?? 0;
  const split = chapters > 1 ? 'publish one page per chapter (pages: chapters in content/report.yaml), or ' : '';
  return `${split}aggregate the data behind the largest charts, or draw fewer marks`;
}

/** Every HTML page of a built site over `max` (problems) or over `recommended` (warnings). */
export async function checkPageSizes(dir: string, shownAs: string, max = MAX_PAGE_BYTES, recommended = RECOMMENDED_PAGE_BYTES): Promise<{ problems: Problem[]; warnings: string[] }> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.html')) {
        const html = await readFile(path, 'utf8');
        const bytes = Buffer.byteLength(html);
        if (bytes <= Math.min(max, recommended)) continue;
        const file = `${shownAs}/${relative(dir, path)}`;
        const heaviest = heaviestCharts(html);
        const found = `${mb(bytes)}${heaviest.length ? ` (largest charts: ${heaviest.join(', ')})` : ''}`;
        if (bytes > max) problems.push({ file, expected: `a page of at most ${mb(max)}`, found, fix: fixFor(html) });
        else warnings.push(`${file} is ${found}, over the ${mb(recommended)} a page should stay under: ${fixFor(html)}`);
      }
    }
  };
  await walk(dir);
  return { problems, warnings };
}
