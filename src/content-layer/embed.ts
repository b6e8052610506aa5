/** The iframe snippet for a chart, shared by the "Embed" control and the oEmbed answer. */
import type { ChartEntry } from './entries.ts';

/** Room for the title, caption, source and back link around the chart, in CSS pixels. */
const CAPTION_ALLOWANCE = 190;

/** A sensible fixed iframe height: the chart's height plus its caption (embed.js then makes it exact). */
export function embedHeight(chart: ChartEntry): number {
  const svgHeight = Number(/\bheight="(\d+(?:\.\d+)?)"/.exec(chart.pageSvg)?.[1] ?? 400);
  return Math.ceil(svgHeight + CAPTION_ALLOWANCE);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** `<iframe>` markup for the chart; `origin` may be '' when the site's address is not configured. */
export function embedSnippet(chart: ChartEntry, origin: string, base: string): string {
  const src = `${origin}${base}/embed/${chart.meta.id}/`;
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(chart.meta.title)}" width="100%" height="${embedHeight(chart)}" style="border:0" loading="lazy"></iframe>`;
}

/** The optional script line that makes every embedded chart exactly as tall as its content. */
export function resizeScript(origin: string, base: string): string {
  return `<script async src="${escapeAttribute(`${origin}${base}/embed.js`)}"></script>`;
}
