/**
 * Open a served page in Chromium (1280x900) and measure the first load, the
 * state after every chart was scrolled into view, and after one interaction
 * with every chart (the pointer onto a mark, until its tooltip shows): bytes by type (raw and gzip,
 * from the response bodies), requests, time until the charts in view are drawn,
 * LCP, CLS, main-thread time (all tasks, and script), and which chart code
 * loaded before a chart came near the viewport.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

export interface PageTarget {
  url: string;
  /** The chart containers. */
  figureSelector: string;
  /** A chart is "visible" when one of these (inside its container) has a non-zero box. */
  drawnSelector: string;
  /** The container's data attribute that turns "ready" (or "failed") once the chart is interactive. */
  readyAttribute: string;
}

export interface Bytes {
  raw: number;
  gzip: number;
}
export type Kind = 'html' | 'css' | 'js' | 'json' | 'svg' | 'font' | 'image' | 'other';
export interface Snapshot {
  requests: number;
  byKind: Record<Kind, Bytes>;
  total: Bytes;
  /** Files matching the chart-code pattern (the lazy chunk, Vega, compiled specs). */
  chartCode: Bytes & { requests: number };
  /** Main-thread time since navigation (Chromium's Performance.getMetrics): all tasks, and the part running script. */
  mainThread: { taskMs: number; scriptMs: number };
}
export interface PageNumbers {
  firstLoad: Snapshot & {
    chartsInView: number;
    /** ms from navigation start until every chart in the viewport is drawn. */
    chartsInViewMs: number | null;
    /** ms from navigation start until the first chart of the page is drawn (wherever it is). */
    firstChartDrawnMs: number | null;
    lcpMs: number | null;
    lcpElement: string;
    cls: number;
    /** What moved, with the summed shift value of the entries it was part of (largest first). */
    shiftSources: { source: string; value: number; at: number }[];
    /** Sum of the layout shifts that moved a chart figure or something inside one. */
    chartShiftSum: number;
    /** ms from navigation start until the first chart came within 200 px of the viewport (null: none did). */
    firstNearMs: number | null;
    /** Chart code requested before any chart was near (bytes and count). */
    chartCodeBeforeNear: Bytes & { requests: number };
    domContentLoadedMs: number;
    loadMs: number;
  };
  /** Missing when the page was only loaded (`scroll: false`). */
  afterScroll?: Snapshot & {
    charts: number;
    interactive: number;
    /** ms from the first scroll until the last chart became interactive. */
    allInteractiveMs: number;
    cls: number;
    clsSum: number;
    shiftSources: { source: string; value: number; at: number }[];
    chartShiftSum: number;
  };
  /** After scrolling: the pointer moved onto every chart once (missing when not scrolled). */
  afterInteraction?: Snapshot & {
    charts: number;
    /** Charts whose tooltip (#vg-tooltip-element.visible) showed. */
    tooltips: number;
    /** Charts whose point selection (made without Vega) took after a click on a mark or legend entry. */
    selections: number;
    /** Chart-code requests made by the interactions alone. */
    chartCodeRequests: number;
  };
}

// Installed before any page script: collects LCP, layout shifts, when the charts in view are drawn, and when a chart first came near.
const INIT = ({ figureSelector, drawnSelector }: { figureSelector: string; drawnSelector: string }) => {
  const bench = { lcp: [] as { t: number; el: string }[], shifts: [] as { t: number; v: number; src: string[] }[], inViewAt: null as number | null, inViewCount: 0, firstDrawnAt: null as number | null, nearAt: null as number | null };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { element?: Element; renderTime?: number; loadTime?: number })[]) {
      bench.lcp.push({ t: e.startTime, el: e.element ? `${e.element.tagName.toLowerCase()}${e.element.className && typeof e.element.className === 'string' ? `.${e.element.className.split(' ')[0]}` : ''}` : '?' });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    const describe = (node: Node | null): string => {
      const el = node instanceof Element ? node : node?.parentElement;
      if (!el) return '?';
      const figure = el.closest('figure[data-chart]');
      const own = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : ''}`;
      return figure && figure !== el ? `${own} in figure[data-chart=${figure.getAttribute('data-chart')}]` : own;
    };
    for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node: Node | null }[] })[]) {
      if (!e.hadRecentInput) bench.shifts.push({ t: e.startTime, v: e.value, src: (e.sources ?? []).map((x) => describe(x.node)) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const drawn = (figure: Element) => [...figure.querySelectorAll(drawnSelector)].some((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const check = (t: number) => {
    if (bench.firstDrawnAt === null) {
      const first = document.querySelector(figureSelector);
      if (first && drawn(first)) bench.firstDrawnAt = t;
    }
    // With a #fragment, wait until the browser has scrolled to it.
    const anchor = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const anchorInView = !location.hash || (anchor !== null && anchor.getBoundingClientRect().bottom > 0 && anchor.getBoundingClientRect().top < innerHeight);
    // Everything in view has been parsed once the last parsed element lies below the fold (or parsing is done).
    let last: Element | null = document.body;
    while (last?.lastElementChild) last = last.lastElementChild;
    const parsedPastFold = document.readyState !== 'loading' || (last !== null && last.getBoundingClientRect().top > innerHeight);
    if (bench.inViewAt === null && parsedPastFold && anchorInView) {
      const inView = [...document.querySelectorAll(figureSelector)].filter((f) => {
        const r = f.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      if (inView.every(drawn)) {
        bench.inViewAt = t;
        bench.inViewCount = inView.length;
      }
    }
    if (bench.inViewAt === null || bench.firstDrawnAt === null) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  // Observe each figure as soon as the parser inserts it, before the page's own scripts can:
  // observers are notified in creation order, so this one sees "near" first.
  const io = new IntersectionObserver((entries) => {
    const near = entries.filter((e) => e.isIntersecting).map((e) => e.time);
    if (near.length > 0 && bench.nearAt === null) bench.nearAt = Math.min(...near);
  }, { rootMargin: '200px 0px' });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(figureSelector)) io.observe(node);
        for (const f of node.querySelectorAll(figureSelector)) io.observe(f);
      }
    }
  }).observe(document, { childList: true, subtree: true });
};

/** Largest sum of layout shifts within a session window (gaps < 1 s, windows <= 5 s): the CLS definition. */
export function clsOf(shifts: { t: number; v: number }[]): { cls: number; sum: number } {
  let cls = 0;
  let sum = 0;
  let window = 0;
  let start = -Infinity;
  let last = -Infinity;
  for (const { t, v } of [...shifts].sort((a, b) => a.t - b.t)) {
    sum += v;
    if (t - last > 1000 || t - start > 5000) {
      window = 0;
      start = t;
    }
    window += v;
    last = t;
    cls = Math.max(cls, window);
  }
  return { cls, sum };
}

function shiftSources(shifts: { t: number; v: number; src: string[] }[]): { source: string; value: number; at: number }[] {
  const by = new Map<string, { value: number; at: number }>();
  for (const { t, v, src } of shifts) {
    for (const source of new Set(src.length ? src : ['?'])) {
      const prev = by.get(source);
      by.set(source, { value: (prev?.value ?? 0) + v, at: Math.round(prev?.at ?? t) });
    }
  }
  return [...by].map(([source, x]) => ({ source, ...x })).sort((a, b) => b.value - a.value).slice(0, 5);
}

const CHART_NODE = /figure\[data-chart=|^figure#figure-|chart-frame|chart-live|vega-embed|vl-baseline/;
function chartShiftSum(shifts: { v: number; src: string[] }[]): number {
  return shifts.filter((x) => x.src.some((src) => CHART_NODE.test(src))).reduce((a, x) => a + x.v, 0);
}

function kindOf(url: string, contentType: string): Kind {
  const path = new URL(url).pathname;
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('css') || path.endsWith('.css')) return 'css';
  if (contentType.includes('javascript') || /\.m?js$/.test(path)) return 'js';
  if (contentType.includes('json') || path.endsWith('.json')) return 'json';
  if (contentType.includes('svg')) return 'svg';
  if (/woff2?|font/.test(contentType) || /\.(woff2?|ttf|otf)$/.test(path)) return 'font';
  if (contentType.startsWith('image/')) return 'image';
  return 'other';
}

interface Loaded {
  url: string;
  kind: Kind;
  raw: number;
  gzip: number;
}

const CHART_CODE = /((?:chart-view|static-selection)[^/]*\.js|\.vg\.json|\.vl\.json|\/_baseline\/.*\.js)$/;

type MainThread = Snapshot['mainThread'];

/** Main-thread time so far, from the DevTools protocol (cumulative since the page was created). */
async function mainThread(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { taskMs: value('TaskDuration'), scriptMs: value('ScriptDuration') };
}

function snapshot(loaded: Loaded[], thread: MainThread): Snapshot {
  const kinds: Kind[] = ['html', 'css', 'js', 'json', 'svg', 'font', 'image', 'other'];
  const byKind = Object.fromEntries(kinds.map((k) => [k, { raw: 0, gzip: 0 }])) as Record<Kind, Bytes>;
  const total = { raw: 0, gzip: 0 };
  const chartCode = { raw: 0, gzip: 0, requests: 0 };
  for (const l of loaded) {
    byKind[l.kind].raw += l.raw;
    byKind[l.kind].gzip += l.gzip;
    total.raw += l.raw;
    total.gzip += l.gzip;
    if (CHART_CODE.test(new URL(l.url).pathname)) {
      chartCode.raw += l.raw;
      chartCode.gzip += l.gzip;
      chartCode.requests++;
    }
  }
  return { requests: loaded.length, byKind, total, chartCode, mainThread: thread };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitQuiet(page: Page, pending: () => number, quietMs: number, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  let quietSince = Date.now();
  while (Date.now() < until) {
    await settle(100);
    if (pending() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
  }
  void page;
}

/** Measure one page load in a fresh browser context (empty cache). */
export async function measurePage(browser: Browser, target: PageTarget, { scroll = true } = {}): Promise<PageNumbers> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  try {
    return await measureIn(context, target, scroll);
  } finally {
    await context.close().catch(() => {});
  }
}

async function measureIn(context: BrowserContext, target: PageTarget, scroll: boolean): Promise<PageNumbers> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.addInitScript(INIT, { figureSelector: target.figureSelector, drawnSelector: target.drawnSelector });
  const loaded: Loaded[] = [];
  const bodies: Promise<void>[] = [];
  let inFlight = 0;
  page.on('request', () => inFlight++);
  page.on('requestfailed', () => inFlight--);
  page.on('requestfinished', (request) => {
    bodies.push(
      (async () => {
        try {
          const response = await request.response();
          if (!response || request.url().startsWith('data:')) return;
          const body = await response.body();
          loaded.push({ url: request.url(), kind: kindOf(request.url(), response.headers()['content-type'] ?? ''), raw: body.length, gzip: gzipSync(body, { level: 6 }).length });
        } finally {
          inFlight--;
        }
      })(),
    );
  });

  await page.goto(target.url, { waitUntil: 'load', timeout: 120_000 });
  await page
    .waitForFunction(() => {
      const b = (window as unknown as { __bench: { inViewAt: number | null; firstDrawnAt: number | null } }).__bench;
      return b.inViewAt !== null && b.firstDrawnAt !== null;
    }, undefined, { timeout: 60_000 })
    .catch(() => {});
  await waitQuiet(page, () => inFlight, 1500, 30_000);
  await Promise.all(bodies);
  const first = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { lcp: { t: number; el: string }[]; shifts: { t: number; v: number; src: string[] }[]; inViewAt: number | null; inViewCount: number; firstDrawnAt: number | null; nearAt: number | null } }).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime }));
    return { ...b, shifts: [...b.shifts], lcp: [...b.lcp], dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, resources };
  });
  const firstSnap = snapshot(loaded, await mainThread(cdp));
  const before = { raw: 0, gzip: 0, requests: 0 };
  for (const r of first.resources) {
    if (!CHART_CODE.test(new URL(r.name).pathname)) continue;
    if (first.nearAt !== null && r.start >= first.nearAt) continue;
    const l = loaded.find((x) => x.url === r.name);
    before.raw += l?.raw ?? 0;
    before.gzip += l?.gzip ?? 0;
    before.requests++;
  }
  const lastLcp = first.lcp.at(-1);
  const firstCls = clsOf(first.shifts);
  const firstLoad: PageNumbers['firstLoad'] = {
    ...firstSnap,
    chartsInView: first.inViewCount,
    chartsInViewMs: first.inViewAt,
    firstChartDrawnMs: first.firstDrawnAt,
    lcpMs: lastLcp?.t ?? null,
    lcpElement: lastLcp?.el ?? '',
    cls: firstCls.cls,
    shiftSources: shiftSources(first.shifts),
    chartShiftSum: chartShiftSum(first.shifts),
    firstNearMs: first.nearAt,
    chartCodeBeforeNear: before,
    domContentLoadedMs: first.dcl,
    loadMs: first.load,
  };
  if (!scroll) return { firstLoad };

  // Scroll every chart into view, in order, and wait for each to become interactive.
  const figures = await page.locator(target.figureSelector).count();
  const scrollStart = Date.now();
  for (let i = 0; i < figures; i++) {
    await page.evaluate(({ sel, i }) => document.querySelectorAll(sel)[i]!.scrollIntoView({ block: 'center' }), { sel: target.figureSelector, i });
    await page
      .waitForFunction(
        ({ sel, i, attr }) => {
          const state = document.querySelectorAll<HTMLElement>(sel)[i]!.dataset[attr];
          return state === 'ready' || state === 'failed';
        },
        { sel: target.figureSelector, i, attr: target.readyAttribute },
        { timeout: 20_000, polling: 16 },
      )
      .catch(() => {});
  }
  const allInteractiveMs = Date.now() - scrollStart;
  await waitQuiet(page, () => inFlight, 1000, 30_000);
  await Promise.all(bodies);
  const after = await page.evaluate(({ sel, attr }) => {
    const b = (window as unknown as { __bench: { shifts: { t: number; v: number; src: string[] }[] } }).__bench;
    const figs = [...document.querySelectorAll<HTMLElement>(sel)];
    return { shifts: [...b.shifts], interactive: figs.filter((f) => f.dataset[attr] === 'ready').length, charts: figs.length };
  }, { sel: target.figureSelector, attr: target.readyAttribute });
  const afterCls = clsOf(after.shifts);
  const scrolled = snapshot(loaded, await mainThread(cdp));
  const interaction = await interactWithEveryChart(page, target.figureSelector);
  await waitQuiet(page, () => inFlight, 1000, 30_000);
  await Promise.all(bodies);
  const interacted = snapshot(loaded, await mainThread(cdp));
  return {
    firstLoad,
    afterScroll: { ...scrolled, charts: after.charts, interactive: after.interactive, allInteractiveMs, cls: afterCls.cls, clsSum: afterCls.sum, shiftSources: shiftSources(after.shifts), chartShiftSum: chartShiftSum(after.shifts) },
    afterInteraction: { ...interacted, charts: figures, tooltips: interaction.tooltips, selections: interaction.selections, chartCodeRequests: interacted.chartCode.requests - scrolled.chartCode.requests },
  };
}

/**
 * Hover every chart once, as a reader would: onto the first mark that has a
 * tooltip on our static SVG (bars and points before labels and lines), then
 * (and for a live Vega or vega-embed chart, canvas or SVG) along a grid of
 * points over the chart, until a tooltip shows; then click what makes a
 * selection on a chart whose selection works without Vega.
 */
async function interactWithEveryChart(page: Page, figureSelector: string): Promise<{ tooltips: number; selections: number }> {
  const figures = await page.locator(figureSelector).count();
  let tooltips = 0;
  let selections = 0;
  for (let i = 0; i < figures; i++) {
    const points = await page.evaluate(({ sel, i }) => {
      const figure = document.querySelectorAll(sel)[i]!;
      figure.scrollIntoView({ block: 'center' });
      // Bars and points first (largest first), then labels and lines, whose box centre may miss the stroke.
      const area = (m: Element) => m.getBoundingClientRect().width * m.getBoundingClientRect().height;
      // Static SVGs carry their tooltips on the marks; a live Vega SVG draws each mark as a path in a .role-mark group.
      const marks = [...figure.querySelectorAll('[data-tooltip], .chart-live .role-mark > path')].filter((m) => area(m) > 0);
      const secondary = (m: Element) => (m.closest('.mark-text, .mark-line, .mark-area, .mark-trail') ? 1 : 0);
      const out = marks.sort((a, b) => secondary(a) - secondary(b) || area(b) - area(a)).slice(0, 6).map((m) => {
        const r = m.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      const r = (figure.querySelector('.chart-frame') ?? figure).getBoundingClientRect();
      for (const fy of [0.2, 0.35, 0.5, 0.65, 0.8]) for (const fx of [0.15, 0.3, 0.45, 0.6, 0.75, 0.9]) out.push({ x: r.left + fx * r.width, y: r.top + fy * r.height });
      return out;
    }, { sel: figureSelector, i });
    for (const { x, y } of points) {
      await page.mouse.move(x, y, { steps: 2 });
      const shown = await page
        .waitForFunction(() => document.querySelector('#vg-tooltip-element.visible') !== null, undefined, { timeout: 200, polling: 16 })
        .then(() => true, () => false);
      if (shown) {
        tooltips++;
        break;
      }
    }
    // A chart with a point selection made without Vega: click what selects (its first legend entry, else its
    // biggest mark) and count it when the selection took (the frame records it).
    const target = await page.evaluate(({ sel, i }) => {
      const figure = document.querySelectorAll(sel)[i]!;
      const el = figure.querySelector('.chart-frame g[data-sel-legend] > path, .chart-frame g[data-sel-legend]') ?? [...figure.querySelectorAll('.chart-frame [data-sel]')].sort((a, b) => b.getBoundingClientRect().width * b.getBoundingClientRect().height - a.getBoundingClientRect().width * a.getBoundingClientRect().height)[0];
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, { sel: figureSelector, i });
    if (target) {
      await page.mouse.click(target.x, target.y);
      const took = await page.evaluate(({ sel, i }) => (document.querySelectorAll(sel)[i]!.querySelector<HTMLElement>('.chart-frame')?.dataset.selected ?? '[]') !== '[]', { sel: figureSelector, i });
      if (took) selections++;
    }
    await page.mouse.move(1, 1);
  }
  return { tooltips, selections };
}

/** Median of each numeric field over several runs (bytes are the same every run; times vary). */
export function medianOf(runs: PageNumbers[]): PageNumbers {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const merge = (objs: unknown[]): unknown => {
    const first = objs[0];
    if (typeof first === 'number') return median(objs as number[]);
    if (first === null) return objs.every((o) => o === null) ? null : median(objs.filter((o): o is number => typeof o === 'number'));
    if (typeof first !== 'object' || Array.isArray(first)) return first;
    return Object.fromEntries(Object.keys(first as object).map((k) => [k, merge(objs.map((o) => (o as Record<string, unknown>)[k]))]));
  };
  return merge(runs) as PageNumbers;
}

export const BASELINE_PAGE = 'vega-embed-baseline.html';
/** The browser builds vega-embed needs (UMD, as on a CDN), served from the same folder. */
export const BASELINE_VENDOR = ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js'];

/**
 * The usual alternative, written into a built site: the same page (prose, CSS)
 * without its static SVGs and without our scripts; every chart is drawn in the
 * browser by vega-embed (default options) from the built /charts/<id>.vl.json.
 */
export async function writeBaseline(dist: string, nodeModules: string): Promise<void> {
  await mkdir(join(dist, '_baseline'), { recursive: true });
  const scripts: string[] = [];
  for (const file of BASELINE_VENDOR) {
    const name = file.split('/').pop()!;
    await copyFile(join(nodeModules, file), join(dist, '_baseline', name));
    scripts.push(`<script src="/_baseline/${name}"></script>`);
  }
  const root = parse(await readFile(join(dist, 'index.html'), 'utf8'), { comment: false });
  // Our scripts, and the page's Content-Security-Policy: vega-embed's default setup compiles
  // expressions with new Function(), which a strict policy (no 'unsafe-eval') blocks.
  for (const el of root.querySelectorAll('script, link[rel=modulepreload], meta[http-equiv]')) {
    if (el.tagName === 'META' && el.getAttribute('http-equiv')?.toLowerCase() !== 'content-security-policy') continue;
    el.remove();
  }
  for (const figure of root.querySelectorAll('figure[data-chart]')) {
    const id = figure.getAttribute('data-chart')!;
    const frame = figure.querySelector('.chart-frame');
    if (!frame) continue;
    frame.removeAttribute('data-spec');
    frame.set_content(`<div class="vl-baseline" data-vl="/charts/${id}.vl.json"></div>`);
  }
  await writeFile(
    join(dist, '_baseline', 'embed-all.js'),
    `for (const el of document.querySelectorAll('[data-vl]')) {
  const figure = el.closest('figure');
  vegaEmbed(el, el.dataset.vl).then(() => { figure.dataset.embedded = 'ready'; }, (error) => { figure.dataset.embedded = 'failed'; console.warn(error); });
}
`,
  );
  root.querySelector('head')!.insertAdjacentHTML('beforeend', scripts.join(''));
  root.querySelector('body')!.insertAdjacentHTML('beforeend', '<script src="/_baseline/embed-all.js"></script>');
  await writeFile(join(dist, BASELINE_PAGE), `<!doctype html>\n${root.toString().replace(/^<!doctype html>\s*/i, '')}`);
}
