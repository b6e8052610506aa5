/**
 * Chart text is measured as the browser draws it: Inter, shaped with its kerning.
 * The expected widths are Chromium's (canvas measureText with the page's Inter at 12 px).
 */
import { describe, expect, test } from 'vitest';
import { measureText } from '../../src/pipeline/text-metrics.ts';

describe('measureText', () => {
  test("widths match Chromium's to within 0.05 px, at each weight", () => {
    expect(measureText({ fontSize: 12 }, 'Defects found (%)')).toBeCloseTo(103.85, 1);
    expect(measureText({ fontSize: 12, fontWeight: 600 }, 'Defects found (%)')).toBeCloseTo(105.87, 1);
    expect(measureText({ fontSize: 12, fontWeight: 'normal' }, 'Coffee teams')).toBeCloseTo(75.9, 1);
    expect(measureText({ fontSize: 12, fontWeight: 600 }, 'Coffee teams')).toBeCloseTo(77.53, 1);
  });

  test('kerning pairs are drawn closer than their letters apart', () => {
    const apart = measureText({ fontSize: 12 }, 'A') + measureText({ fontSize: 12 }, 'V');
    const pair = measureText({ fontSize: 12 }, 'AV');
    expect(pair).toBeCloseTo(15.74, 1);
    expect(apart - pair).toBeGreaterThan(0.5);
  });

  test('width scales with the size, a limit truncates, and empty text is 0 wide', () => {
    expect(measureText({ fontSize: 24 }, 'Web')).toBeCloseTo(2 * measureText({ fontSize: 12 }, 'Web'), 6);
    expect(measureText({ fontSize: 12, limit: 10 }, 'Defects found (%)')).toBe(10);
    expect(measureText({ fontSize: 12 }, '   ')).toBe(0);
    expect(measureText({ fontSize: 0 }, 'Web')).toBe(0);
  });
});
