/** Every colour a chart can draw data with keeps 3:1 contrast against both page themes (WCAG 1.4.11). */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PAGE_BACKGROUNDS, PALETTE } from '../../src/pipeline/chart-theme.ts';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const specColours = readdirSync('content/charts')
  .filter((f) => f.endsWith('.vl.json'))
  .flatMap((f) => [...readFileSync(`content/charts/${f}`, 'utf8').matchAll(/"(#[0-9a-fA-F]{6})"/g)].map((m) => ({ file: f, colour: m[1]! })));

describe('chart colours', () => {
  test('the contrast formula matches WCAG (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
  test.each(PALETTE)('palette colour %s has 3:1 on the light and the dark page', (colour) => {
    expect(contrast(colour, PAGE_BACKGROUNDS.light)).toBeGreaterThanOrEqual(3);
    expect(contrast(colour, PAGE_BACKGROUNDS.dark)).toBeGreaterThanOrEqual(3);
  });
  test('every colour written in a default chart spec has 3:1 on both pages', () => {
    expect(specColours.length).toBeGreaterThan(5);
    const failing = specColours.filter(({ colour }) => contrast(colour, PAGE_BACKGROUNDS.light) < 3 || contrast(colour, PAGE_BACKGROUNDS.dark) < 3);
    expect(failing).toEqual([]);
  });
});
