/** The default palette keeps 3:1 contrast against both page themes (WCAG 1.4.11); tests/content checks the colours each report's specs write. */
import { describe, expect, test } from 'vitest';
import { PAGE_BACKGROUNDS, PALETTE } from '../../src/pipeline/chart-theme.ts';
import { contrast } from '../support/contrast.ts';

describe('chart colours', () => {
  test('the contrast formula matches WCAG (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
  test.each(PALETTE)('palette colour %s has 3:1 on the light and the dark page', (colour) => {
    expect(contrast(colour, PAGE_BACKGROUNDS.light)).toBeGreaterThanOrEqual(3);
    expect(contrast(colour, PAGE_BACKGROUNDS.dark)).toBeGreaterThanOrEqual(3);
  });
});
