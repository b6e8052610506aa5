/**
 * Measure chart text with the real font (Inter) at build time, instead of
 * Vega's rough estimate (0.8 em per character) used when Node has no canvas.
 * The text is shaped by HarfBuzz, the shaper the browsers use, so kerning counts
 * as it does on the page: the static SVG and the interactive chart lay out alike
 * (tests/e2e/fonts.test.ts compares every label with the browser's width).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as hb from 'harfbuzzjs';
import * as vega from 'vega';

const interDir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/inter/package.json'));

/** Static Inter at the three weights the site uses: the same advances and kerning as the page's variable font. */
export const INTER_FILES = {
  regular: join(interDir, '400Regular/Inter_400Regular.ttf'),
  semibold: join(interDir, '600SemiBold/Inter_600SemiBold.ttf'),
  bold: join(interDir, '700Bold/Inter_700Bold.ttf'),
};

type Weight = keyof typeof INTER_FILES;
const fonts = new Map<Weight, { font: hb.Font; upem: number }>();
// Chart labels repeat (ticks, legends, every layout of a chart): shape each string once per weight.
const widths = new Map<string, number>();
let buffer: hb.Buffer | undefined;

function fontFor(key: Weight): { font: hb.Font; upem: number } {
  let entry = fonts.get(key);
  if (!entry) {
    const bytes = readFileSync(INTER_FILES[key]);
    const face = new hb.Face(new hb.Blob(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer));
    entry = { font: new hb.Font(face), upem: face.upem };
    fonts.set(key, entry);
  }
  return entry;
}

/** Advance of `text` in font units of the face at `key` (kerning and ligatures applied). */
function advance(key: Weight, text: string): { units: number; upem: number } {
  const { font, upem } = fontFor(key);
  const cacheKey = `${key}\u0000${text}`;
  let units = widths.get(cacheKey);
  if (units === undefined) {
    buffer ??= new hb.Buffer();
    buffer.reset();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    units = 0;
    for (const position of buffer.getGlyphPositions()) units += position.xAdvance;
    if (widths.size > 100_000) widths.clear();
    widths.set(cacheKey, units);
  }
  return { units, upem };
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/** Width of `text` as drawn in Inter; a label with a `limit` is truncated to at most that width. */
export function measureText(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const value = text == null ? '' : String(text).trim();
  if (size <= 0 || value === '') return 0;
  const weight = item.fontWeight;
  const numeric = weight === 'bold' ? 700 : weight === 'normal' || weight == null ? 400 : Number(weight) || 400;
  const key: Weight = numeric >= 650 ? 'bold' : numeric >= 550 ? 'semibold' : 'regular';
  const { units, upem } = advance(key, value);
  const width = (units * size) / upem;
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/** Make every headless Vega View in this process measure text with Inter. */
export function useInterTextMetrics(): void {
  // vega re-exports vega-scenegraph's shared textMetrics object (its typings omit it).
  (vega as unknown as { textMetrics: { width: typeof measureText } }).textMetrics.width = measureText;
}
