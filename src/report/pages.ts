/**
 * Which chapters go on which page. `single`: the whole report on `/`.
 * `chapters`: the first chapter on the front page `/`, every other chapter on
 * `/<slug>/`. `auto`: `chapters` when the report places more than
 * AUTO_MAX_CHARTS charts, `single` otherwise.
 *
 * Why a chart count: the charts are the page's weight. The default report's
 * page is 304 KB for 8 charts, 27 KB per chart with its SVG, data details and
 * tools; the synthetic benchmark's charts (200 rows each) weigh 55 KB each on
 * the page. 20 charts are 0.55 to 1.1 MB plus the text: one page a phone still
 * loads, under half the 2 MB a page should stay below. One more chart than
 * that, and the report reads better as pages anyway.
 */

export const PAGE_MODES = ['single', 'chapters', 'auto'] as const;
export type PageMode = (typeof PAGE_MODES)[number];

export const DEFAULT_AUTO_MAX_CHARTS = 20;
/** REPORT_PAGES_AUTO_CHARTS lowers it for tests, as REPORT_MAX_PAGE_BYTES does the page limit. */
export const AUTO_MAX_CHARTS = Number(process.env.REPORT_PAGES_AUTO_CHARTS) || DEFAULT_AUTO_MAX_CHARTS;

/** Top-level folders the site already uses: a chapter with one of these names gets `chapter-` before it. */
const TAKEN = new Set(['charts', 'embed', 'data', 'oembed', 'social', '_astro']);

export interface PlannedChapter {
  /** The chapter's section id (`sectionId`). */
  id: string;
  /** Chart ids it places with `<Chart>`. */
  charts: string[];
}

export interface ReportPage {
  /** The page's path under the site's base: `''` for the front page, `'<slug>/'` for a chapter's. */
  path: string;
  /** Section ids of its chapters, in reading order. */
  chapters: string[];
}

export function chapterSlug(id: string): string {
  return TAKEN.has(id) ? `chapter-${id}` : id;
}

/** Whether this report is published as several pages. */
export function isMultiPage(mode: PageMode, chapters: PlannedChapter[]): boolean {
  if (chapters.length < 2 || mode === 'single') return false;
  return mode === 'chapters' || chapters.reduce((n, c) => n + c.charts.length, 0) > AUTO_MAX_CHARTS;
}

/** The report's pages in reading order; the front page first. */
export function planPages(mode: PageMode, chapters: PlannedChapter[]): ReportPage[] {
  if (!isMultiPage(mode, chapters)) return [{ path: '', chapters: chapters.map((c) => c.id) }];
  const [first, ...rest] = chapters;
  return [{ path: '', chapters: [first!.id] }, ...rest.map((c) => ({ path: `${chapterSlug(c.id)}/`, chapters: [c.id] }))];
}

/** The page holding a chapter, by section id. */
export function pageOfChapter(pages: ReportPage[], id: string): ReportPage | undefined {
  return pages.find((p) => p.chapters.includes(id));
}
