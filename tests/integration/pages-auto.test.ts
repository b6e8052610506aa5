/**
 * `pages: auto` (the default) on a synthetic report with more charts than the
 * threshold: the build publishes one page per chapter by itself. The
 * threshold is lowered (REPORT_PAGES_AUTO_CHARTS) so a small report crosses it;
 * the 1,000-chart measurement is in BENCHMARKS.md, not a test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { expect, test } from 'vitest';
import { generateSynthetic } from '../../bench/generate-synthetic.ts';
import { OUTPUT, runScript } from '../support/sites.ts';

test('auto publishes a report with more charts than the threshold as one page per chapter, each chart on one of them', async () => {
  const root = join(OUTPUT, 'sites', `pages-auto-${process.pid}`);
  const { charts } = await generateSynthetic(root, { chapters: 4, charts: 8, rows: 20 });
  const result = runScript('build', root, { REPORT_PAGES_AUTO_CHARTS: '5' });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const map = JSON.parse(readFileSync(join(root, 'dist/page-map.json'), 'utf8')) as { pages: string[] };
  expect(map.pages.length).toBe(4);
  const figures = map.pages.map((path) => {
    const file = join(root, 'dist', path, 'index.html');
    expect(existsSync(file), path).toBe(true);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.querySelectorAll('main section.chapter'), path).toHaveLength(1);
    return doc.querySelectorAll('main figure[data-chart]').length;
  });
  // Every chart is on exactly one page.
  expect(figures.reduce((a, b) => a + b, 0)).toBe(charts.length);
  // The gallery lists every chart as an image, not a drawing.
  const gallery = parse(readFileSync(join(root, 'dist/charts/index.html'), 'utf8'));
  expect(gallery.querySelectorAll('[data-gallery-chart] img[loading="lazy"]')).toHaveLength(charts.length);
  expect(gallery.querySelectorAll('svg')).toHaveLength(0);
}, 240_000);
