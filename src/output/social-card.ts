/**
 * Social cards (1200×630 PNG, the size Open Graph and Twitter expect): the
 * report's title on its own, or a chart with its title, laid out as SVG with
 * the bundled Inter metrics and rasterised like the chart PNGs.
 */
import { measureText } from '../pipeline/text-metrics.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
const MARGIN = 64;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Greedy line breaking with real glyph widths; the last line gets an ellipsis if text remains. */
export function wrapText(text: string, width: number, fontSize: number, fontWeight: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const candidate = line ? `${line} ${words[i]}` : words[i]!;
    if (measureText({ fontSize, fontWeight }, candidate) <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = words[i]!;
    if (lines.length === maxLines) {
      lines[maxLines - 1] = `${lines[maxLines - 1]!.replace(/\s+\S*$/, '')}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, maxLines);
}

function textBlock(lines: string[], x: number, y: number, fontSize: number, fontWeight: number, fill: string): string {
  return lines
    .map((l, i) => `<text x="${x}" y="${y + i * fontSize * 1.2}" font-family="Inter" font-size="${fontSize}" font-weight="${fontWeight}" fill="${fill}">${escapeXml(l)}</text>`)
    .join('');
}

/** Place a chart's SVG (its own width/height) inside a box, scaled to fit. */
function nestedChart(chartSvg: string, x: number, y: number, width: number, height: number): string {
  const w = Number(/\bwidth="([\d.]+)"/.exec(chartSvg)?.[1] ?? width);
  const h = Number(/\bheight="([\d.]+)"/.exec(chartSvg)?.[1] ?? height);
  const scale = Math.min(width / w, height / h);
  const inner = chartSvg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return `<svg x="${x + (width - w * scale) / 2}" y="${y}" width="${w * scale}" height="${h * scale}" viewBox="0 0 ${w} ${h}">${inner}</svg>`;
}

export interface CardContent {
  /** Small line above the title, e.g. the report's name. */
  kicker: string;
  title: string;
  subtitle?: string;
  /** A chart's SVG to show under the title. */
  chartSvg?: string;
  /** A last line at the bottom (authors, date). */
  footer?: string;
}

/** A chart's card: the report's title above the chart's own, and the chart as the page draws it. */
export function chartCard(reportTitle: string, chart: { meta: { title: string }; pageSvg: string }): CardContent {
  return { kicker: reportTitle, title: chart.meta.title, chartSvg: chart.pageSvg };
}

export function socialCardSvg(card: CardContent): string {
  const textWidth = CARD_WIDTH - 2 * MARGIN;
  const titleSize = card.chartSvg ? 40 : 64;
  const title = wrapText(card.title, textWidth, titleSize, 700, card.chartSvg ? 2 : 3);
  let y = MARGIN + 28;
  let body = textBlock([card.kicker], MARGIN, y, 26, 600, '#0b5cad');
  y += 24 + titleSize;
  body += textBlock(title, MARGIN, y, titleSize, 700, '#1d1d1f');
  y += title.length * titleSize * 1.2;
  if (card.subtitle && !card.chartSvg) {
    const subtitle = wrapText(card.subtitle, textWidth, 30, 400, 3);
    body += textBlock(subtitle, MARGIN, y + 10, 30, 400, '#555a61');
  }
  if (card.footer && !card.chartSvg) body += textBlock(wrapText(card.footer, textWidth, 24, 400, 1), MARGIN, CARD_HEIGHT - MARGIN, 24, 400, '#555a61');
  if (card.chartSvg) body += nestedChart(card.chartSvg, MARGIN, y, textWidth, CARD_HEIGHT - y - 24);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}"><rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="12" fill="#0b5cad"/>${body}</svg>`;
}
