import { describe, expect, it } from 'vitest';
import { startAtFirstFrame } from '../../src/pipeline/first-frame.ts';

const animated = (params: unknown[]) => ({
  data: { values: [{ year: 1960, v: 1 }, { year: 1955, v: 2 }, { year: 2000, v: 3 }] },
  params,
  transform: [{ filter: { param: 'frame' } }],
  mark: 'point',
  encoding: { x: { field: 'v', type: 'quantitative' }, time: { field: 'year', type: 'ordinal' } },
});

describe('animations start at their first frame', () => {
  it('a timer-driven point selection starts at the smallest value of its field', () => {
    const spec = startAtFirstFrame(animated([{ name: 'frame', select: { type: 'point', fields: ['year'], on: 'timer' } }]));
    expect(spec.params).toEqual([{ name: 'frame', select: { type: 'point', fields: ['year'], on: 'timer' }, value: [{ year: 1955 }] }]);
  });

  it('other selections, and animations with a start of their own, are left as written', () => {
    for (const params of [[{ name: 'frame', select: { type: 'point', fields: ['year'] } }], [{ name: 'frame', select: { type: 'point', fields: ['year'], on: 'timer' }, value: [{ year: 2000 }] }]]) {
      const spec = animated(params);
      expect(startAtFirstFrame(spec)).toBe(spec);
    }
  });
});
