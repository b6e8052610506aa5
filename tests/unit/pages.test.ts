import { describe, expect, test } from 'vitest';
import { AUTO_MAX_CHARTS, chapterSlug, planPages } from '../../src/report/pages.ts';
import { pageMapOf } from '../../src/report/page-map.ts';

const chapters = (charts: number[]) => charts.map((n, i) => ({ id: `ch${i + 1}`, charts: Array.from({ length: n }, (_, j) => `c${i}-${j}`) }));

describe('which chapters go on which page', () => {
  test('single: every chapter on the front page', () => {
    expect(planPages('single', chapters([50, 50]))).toEqual([{ path: '', chapters: ['ch1', 'ch2'] }]);
  });

  test('chapters: the first chapter on the front page, every other on its own page', () => {
    expect(planPages('chapters', chapters([1, 0, 2]))).toEqual([
      { path: '', chapters: ['ch1'] },
      { path: 'ch2/', chapters: ['ch2'] },
      { path: 'ch3/', chapters: ['ch3'] },
    ]);
  });

  test(`auto: one page up to ${AUTO_MAX_CHARTS} charts, a page per chapter above`, () => {
    expect(planPages('auto', chapters([AUTO_MAX_CHARTS - 1, 1]))).toHaveLength(1);
    expect(planPages('auto', chapters([AUTO_MAX_CHARTS, 1]))).toHaveLength(2);
  });

  test('a report of one chapter stays one page, whatever the setting', () => {
    expect(planPages('chapters', chapters([3]))).toEqual([{ path: '', chapters: ['ch1'] }]);
  });

  test("a chapter named like one of the site's folders gets a page that does not clash with it", () => {
    expect(chapterSlug('charts')).toBe('chapter-charts');
    expect(chapterSlug('methods')).toBe('methods');
  });
});

describe('the page map', () => {
  test('names the page of every chapter, figure, heading and list item, first page first', () => {
    const map = pageMapOf([
      { path: '/', html: '<main><section class="chapter" id="a"><h2 id="a-title">A</h2><figure id="figure-x"></figure><textarea id="embed-x"></textarea></section></main>' },
      { path: '/b/', html: '<main><section class="chapter" id="b"><h3 id="sub">S</h3><ol><li id="ref-k">K</li></ol></section></main>' },
    ]);
    expect(map.pages).toEqual(['/', '/b/']);
    expect(map.ids).toEqual({ a: '/', 'a-title': '/', 'figure-x': '/', b: '/b/', sub: '/b/', 'ref-k': '/b/' });
  });
});
