/**
 * Bytes per page: every chart's marks are drawn into its page twice (wide
 * and narrow SVG), so many large charts make a page no reader can load, even
 * when each is within the row limits. Checked on the built pages.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Problem } from '../errors/report-error.ts';

// REPORT_MAX_PAGE_BYTES lowers it for tests; the limit is the operator's, not the content's, to change.
export const MAX_PAGE_BYTES = Number(process.env.REPORT_MAX_PAGE_BYTES) || 10_000_000;

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

/** Every HTML page of a built site over MAX_PAGE_BYTES, as problems. */
export async function checkPageSizes(dir: string, shownAs: string, max = MAX_PAGE_BYTES): Promise<Problem[]> {
  const problems: Problem[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.html')) {
        const html = await readFile(path, 'utf8');
        const bytes = Buffer.byteLength(html);
        if (bytes <= max) continue;
        const heaviest = heaviestCharts(html);
        problems.push({
          file: `${shownAs}/${relative(dir, path)}`,
          expected: `a page of at most ${mb(max)}`,
          found: `${mb(bytes)}${heaviest.length ? ` (largest charts: ${heaviest.join(', ')})` : ''}`,
          fix: 'aggregate the data behind the largest charts, or draw fewer marks',
        });
      }
    }
  };
  await walk(dir);
  return problems;
}
