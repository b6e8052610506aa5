/**
 * Measure chart text with the real font (Inter) at build time, instead of
 * Vega's rough estimate (0.8 em per character) used when Node has no canvas.
 * The browser draws the same font, so the static SVG and the interactive
 * chart lay out alike, and labels are not truncated early.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype from 'opentype.js';
import * as vega from 'vega';

const interDir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/inter/package.json'));

export const INTER_FILES = {
  regular: join(interDir, '400Regular/Inter_400Regular.ttf'),
  semibold: join(interDir, '600SemiBold/Inter_600SemiBold.ttf'),
  bold: join(interDir, '700Bold/Inter_700Bold.ttf'),
};

type Weight = keyof typeof INTER_FILES;
const fonts = new Map<Weight, opentype.Font>();

function fontFor(weight: unknown): opentype.Font {
  const numeric = weight === 'bold' ? 700 : weight === 'normal' || weight == null ? 400 : Number(weight) || 400;
  const key: Weight = numeric >= 650 ? 'bold' : numeric >= 550 ? 'semibold' : 'regular';
  let font = fonts.get(key);
  if (!font) {
    const bytes = readFileSync(INTER_FILES[key]);
    font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    fonts.set(key, font);
  }
  return font;
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
  // Advance widths plus kerning, glyph by glyph: no shaping (opentype.js cannot shape every
  // Inter feature, and chart labels need none).
  const font = fontFor(item.fontWeight);
  let units = 0;
  let previous: opentype.Glyph | undefined;
  for (const char of value) {
    const glyph = font.charToGlyph(char);
    units += glyph.advanceWidth ?? 0;
    if (previous) units += font.getKerningValue(previous, glyph);
    previous = glyph;
  }
  const width = (units * size) / font.unitsPerEm;
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/** Make every headless Vega View in this process measure text with Inter. */
export function useInterTextMetrics(): void {
  // vega re-exports vega-scenegraph's shared textMetrics object (its typings omit it).
  (vega as unknown as { textMetrics: { width: typeof measureText } }).textMetrics.width = measureText;
}
