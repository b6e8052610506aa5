/**
 * `npm run bench`: build the default report and synthetic reports, measure the
 * builds (cold / warm / one CSV changed, peak memory), load the pages in
 * Chromium next to a vega-embed page showing the same charts, check the
 * budgets, profile one cold build, and write the numbers into BENCHMARKS.md.
 *
 *   npm run bench                     default report + small synthetic (50 charts) + selections (12 charts with point selections)
 *                                     + large-data case + profile (~10 min)
 *   npm run bench -- --scale          also 100 chapters / 1,000 charts, built and profiled (~7 min more)
 *   --large-rows N    rows of the large dataset (default 1,000,000; halved on out-of-memory or > 10 min)
 *   --runs N          page loads per page (default 3)      --build-runs N   cold/warm/CSV rounds (default 3)
 *   --timing-loads N  extra top-of-page loads per page for the first-chart time (default 12): a median of 3 loads moved
 *                     the ratio to vega-embed by ±0.1 from run to run
 *   --no-large --no-pages --no-profile --no-data          skip parts
 *   --data            only the research-scale data part (bench/data-bench.ts: 1M-row CSV, 1M and 10M-row Parquet)
 *   --no-write        print only; do not update BENCHMARKS.md
 *
 * Exits 1 when a budget fails (the numbers are still printed and written).
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/support/chromium.ts';
import { serveDir } from '../tests/support/serve.ts';
import { BIG_CHART_ID, generateSynthetic, type SyntheticOptions } from './generate-synthetic.ts';
import { clearCaches, measureSiteBuilds, memoryMethod, REPO, runBuild, summariseProfiles, type BuildRun, type ProfileSummary, type SiteBuildNumbers } from './measure-build.ts';
import { benchData, dataReport } from './data-bench.ts';
import { BASELINE_PAGE, BASELINE_VENDOR, measurePage, medianOf, writeBaseline, type PageNumbers, type PageTarget } from './measure-page.ts';

const args = process.argv.slice(2);
const has = (flag: string) => args.includes(flag);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : Number(args[i + 1]);
};
const OUT = join(REPO, 'bench/.output');
const RUNS = value('--runs') ?? 3;
const TIMING_LOADS = value('--timing-loads') ?? 12;
const BUILD_REPS = value('--build-runs') ?? 3;
const LARGE_ROWS = value('--large-rows') ?? 1_000_000;
const TEN_MINUTES = 10 * 60_000;
const started = Date.now();
const loadAtStart = loadavg()[0]!;
const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

// ---------- sites ----------

interface Site {
  name: string;
  label: string;
  root: string;
  csv: { file: string; column: string };
  charts: number;
  chapters: number;
  synthetic?: SyntheticOptions;
}

async function prepareDefault(): Promise<Site> {
  const root = join(OUT, 'default');
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await cp(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  await cp(join(REPO, 'data'), join(root, 'data'), { recursive: true });
  const charts = (await readdir(join(root, 'content/charts'))).filter((f) => f.endsWith('.vl.json')).length;
  const chapters = (await readdir(join(root, 'content/chapters'))).filter((f) => f.endsWith('.mdx')).length;
  return { name: 'default', label: 'default report', root, csv: { file: 'data/am_blackmail_by_model.csv', column: 'rate_pct' }, charts, chapters };
}

async function prepareSynthetic(name: string, label: string, options: SyntheticOptions): Promise<Site> {
  const root = join(OUT, name);
  await rm(root, { recursive: true, force: true });
  const result = await generateSynthetic(root, options);
  return { name, label, root, csv: { file: 'data/ds001.csv', column: 'value_pct' }, charts: result.charts.length, chapters: options.chapters, synthetic: options };
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}
const fileBytes = async (path: string) => (await stat(path).catch(() => ({ size: NaN }))).size;
const gzBytes = async (path: string) => gzipSync(await readFile(path)).length;

// ---------- formatting ----------

const kb = (bytes: number) => (Number.isFinite(bytes) ? (bytes >= 10 * 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`) : '–');
const s = (sec: number | undefined) => (sec === undefined || !Number.isFinite(sec) ? '–' : `${sec.toFixed(1)} s`);
const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const spread = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
const mb = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v)} MB`);
const ratio = (ours: number | null | undefined, theirs: number | null | undefined) =>
  ours === null || ours === undefined || theirs === null || theirs === undefined || !Number.isFinite(ours) || !Number.isFinite(theirs) ? '–' : theirs === 0 ? (ours === 0 ? '=' : '∞') : `${(ours / theirs).toFixed(2)}×`;

type Row = [string, ...string[]];
function table(header: string[], rows: Row[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---------- run ----------

interface SiteResult {
  site: Site;
  builds: SiteBuildNumbers;
  distBytes?: number;
  indexBytes?: number;
  ours?: PageNumbers;
  baseline?: PageNumbers;
  /** Loaded at /#figure-<first chart>: a reader following a link to a chart. */
  oursDeep?: PageNumbers;
  baselineDeep?: PageNumbers;
  deepLink?: string;
  /** First chart drawn (ms) on every top-of-page load: the RUNS full runs and TIMING_LOADS more. */
  firstChart?: { ours: number[]; theirs: number[] };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  return s[Math.floor(at)]! + (s[Math.ceil(at)]! - s[Math.floor(at)]!) * (at - Math.floor(at));
};

/** One measurement, retried once if the browser page crashes. */
async function measure(browser: Parameters<typeof measurePage>[0], target: PageTarget, scroll: boolean): Promise<PageNumbers> {
  try {
    return await measurePage(browser, target, { scroll });
  } catch (error) {
    log(`  ${target.url}: ${(error as Error).message.split('\n')[0]}; retrying once`);
    return measurePage(browser, target, { scroll });
  }
}

const results: SiteResult[] = [];
const budgets: { name: string; pass: boolean; detail: string }[] = [];

async function benchSite(site: Site, options: { pages: boolean; timeoutMs?: number; buildReps?: number }): Promise<SiteResult> {
  log(`${site.label}: cold, warm and CSV-change builds (${site.chapters} chapters, ${site.charts} charts)`);
  const builds = await measureSiteBuilds(site.root, site.csv, { timeoutMs: options.timeoutMs, reps: options.buildReps ?? BUILD_REPS });
  for (const [mode, run] of Object.entries({ cold: builds.cold, warm: builds.warm, csvChange: builds.csvChange })) {
    if (run) log(`  ${mode}: median ${s(run.seconds)} of ${spread(builds.seconds[mode as 'cold'])}, peak ${mb(run.peakRssMB)}${run.ok ? '' : ` FAILED${run.timedOut ? ' (timeout)' : ''}\n${run.tail}`}`);
  }
  const result: SiteResult = { site, builds };
  const dist = join(site.root, 'dist');
  if (builds.cold.ok) {
    result.distBytes = await dirBytes(dist);
    result.indexBytes = await fileBytes(join(dist, 'index.html'));
  }
  if (builds.warm) budgets.push({ name: `warm build faster than cold (${site.name})`, pass: builds.warm.ok && builds.warm.seconds < builds.cold.seconds, detail: `${s(builds.warm.seconds)} vs ${s(builds.cold.seconds)}` });
  if (options.pages && builds.cold.ok) {
    await writeBaseline(dist, join(REPO, 'node_modules'));
    const server = await serveDir(dist);
    const browser = await launchChromium();
    chromiumVersion = browser.version();
    try {
      const ours: PageTarget = { url: `${server.url}/`, figureSelector: 'figure[data-chart]', drawnSelector: '.chart-frame svg', readyAttribute: 'interactive' };
      const theirs: PageTarget = { url: `${server.url}/${BASELINE_PAGE}`, figureSelector: 'figure[data-chart]', drawnSelector: '.vega-embed canvas, .vega-embed svg.marks', readyAttribute: 'embedded' };
      const firstId = /data-chart="([^"]+)"/.exec(await readFile(join(dist, 'index.html'), 'utf8'))?.[1];
      result.deepLink = `#figure-${firstId}`;
      const oursRuns: PageNumbers[] = [];
      const theirRuns: PageNumbers[] = [];
      const oursDeep: PageNumbers[] = [];
      const theirDeep: PageNumbers[] = [];
      // Alternate the pages so drift on the machine hits both alike.
      for (let i = 0; i < RUNS; i++) {
        log(`  ${site.name}: page run ${i + 1}/${RUNS}`);
        oursRuns.push(await measure(browser, ours, true));
        theirRuns.push(await measure(browser, theirs, true));
        oursDeep.push(await measure(browser, { ...ours, url: `${ours.url}${result.deepLink}` }, false));
        theirDeep.push(await measure(browser, { ...theirs, url: `${theirs.url}${result.deepLink}` }, false));
      }
      // Timing needs more samples than bytes do: extra top-of-page loads, alternated, without the scroll.
      const oursFirst = oursRuns.map((r) => r.firstLoad.firstChartDrawnMs);
      const theirFirst = theirRuns.map((r) => r.firstLoad.firstChartDrawnMs);
      for (let i = 0; i < TIMING_LOADS; i++) {
        if (i % 4 === 0) log(`  ${site.name}: timing loads ${i + 1}-${Math.min(i + 4, TIMING_LOADS)}/${TIMING_LOADS}`);
        oursFirst.push((await measure(browser, ours, false)).firstLoad.firstChartDrawnMs);
        theirFirst.push((await measure(browser, theirs, false)).firstLoad.firstChartDrawnMs);
      }
      const drawn = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
      result.firstChart = { ours: drawn(oursFirst), theirs: drawn(theirFirst) };
      result.ours = medianOf(oursRuns);
      result.baseline = medianOf(theirRuns);
      result.oursDeep = medianOf(oursDeep);
      result.baselineDeep = medianOf(theirDeep);
      const o = result.ours;
      log(`  ours: first load ${kb(o.firstLoad.total.gzip)} gz in ${o.firstLoad.requests} requests, first chart drawn ${ms(o.firstLoad.firstChartDrawnMs)}, LCP ${ms(o.firstLoad.lcpMs)}, CLS ${o.firstLoad.cls.toFixed(3)}; after scroll CLS ${o.afterScroll!.cls.toFixed(3)}`);
      const b = result.baseline;
      log(`  vega-embed: first load ${kb(b.firstLoad.total.gzip)} gz in ${b.firstLoad.requests} requests, first chart drawn ${ms(b.firstLoad.firstChartDrawnMs)}, LCP ${ms(b.firstLoad.lcpMs)}, CLS ${b.firstLoad.cls.toFixed(3)}`);
      const worstBefore = [...oursRuns, ...oursDeep].reduce((max, r) => Math.max(max, r.firstLoad.chartCodeBeforeNear.requests), 0);
      const near = o.firstLoad.firstNearMs === null ? 'no chart came near on the top-of-page load' : `the first chart came near at ${ms(o.firstLoad.firstNearMs)}`;
      budgets.push({
        name: `zero chart JS before a chart is near (${site.name}; top of page and deep link, every run)`,
        pass: worstBefore === 0,
        detail: `${worstBefore} chart-code requests before a chart was within 200 px (${near})`,
      });
      // Issue 16's targets. A report with no selection params needs only tooltips; in the selection report every
      // chart has a point selection, which the page makes without Vega where the build could draw it.
      const runtimeCharts = ((await readFile(join(dist, 'index.html'), 'utf8')).match(/data-needs-runtime/g) ?? []).length;
      const ai = o.afterInteraction!;
      if (!site.synthetic?.selections) {
        const js = ai.byKind.js.gzip;
        budgets.push({
          name: `tooltip-only report (${site.name}): all JS after interacting with every chart <= 8 kB gzip, tooltips shown with the Vega runtime never loaded`,
          pass: runtimeCharts === 0 && js <= 8 * 1024 && ai.chartCode.requests === 0 && ai.tooltips === ai.charts,
          detail: `${kb(js)} gzip JS (vega-embed ${kb(b.afterInteraction!.byKind.js.gzip)}), ${ai.chartCode.requests} chart-code requests, tooltips on ${ai.tooltips} of ${ai.charts} charts`,
        });
      } else {
        const ours = ai.byKind.js.gzip;
        const theirs = b.afterInteraction!.byKind.js.gzip;
        budgets.push({
          name: `report with selection charts (${site.name}, ${runtimeCharts} of ${site.charts} need Vega): all JS after interacting with every chart <= 0.4x vega-embed's, every selection responding`,
          pass: ours <= 0.4 * theirs && ai.selections + runtimeCharts === ai.charts,
          detail: `${kb(ours)} vs ${kb(theirs)} gzip (${(ours / theirs).toFixed(2)}x); a click selected on ${ai.selections} of ${ai.charts - runtimeCharts} charts without Vega; tooltips on ${ai.tooltips} of ${ai.charts}; specs fetched ${kb(ai.byKind.json.gzip)} vs ${kb(b.afterInteraction!.byKind.json.gzip)}; all bytes ${kb(ai.total.gzip)} vs ${kb(b.afterInteraction!.total.gzip)} (${(ai.total.gzip / b.afterInteraction!.total.gzip).toFixed(2)}x)`,
        });
      }
      if (site.charts >= 50) {
        const ours = o.afterScroll!.total.gzip;
        const theirs = b.afterScroll!.total.gzip;
        budgets.push({ name: `${site.charts}-chart report: all bytes after scrolling every chart in <= 0.5x the vega-embed page's`, pass: ours <= 0.5 * theirs, detail: `${kb(ours)} vs ${kb(theirs)} gzip (${(ours / theirs).toFixed(2)}x)` });
        const fc = result.firstChart!;
        const loads = RUNS + TIMING_LOADS;
        const oursMid = quantile(fc.ours, 0.5);
        const theirsMid = quantile(fc.theirs, 0.5);
        budgets.push({
          name: `${site.charts}-chart report: first chart drawn <= 0.25x vega-embed's time (median of ${loads} top-of-page loads each)`,
          pass: fc.ours.length === loads && fc.theirs.length === loads && oursMid <= 0.25 * theirsMid,
          detail: `${ms(oursMid)} vs ${ms(theirsMid)} (${(oursMid / theirsMid).toFixed(2)}x); middle half of the loads ${ms(quantile(fc.ours, 0.25))}–${ms(quantile(fc.ours, 0.75))} vs ${ms(quantile(fc.theirs, 0.25))}–${ms(quantile(fc.theirs, 0.75))}; drawn on ${fc.ours.length} and ${fc.theirs.length} of ${loads} loads`,
        });
      }
      if (site.name === 'default') {
        const worst = Math.max(...oursRuns.map((r) => Math.max(r.firstLoad.cls, r.afterScroll!.cls)), ...oursDeep.map((r) => r.firstLoad.cls));
        budgets.push({ name: 'CLS 0 on the default report (first load, after scrolling every chart in, deep link)', pass: worst === 0, detail: `worst of ${RUNS} runs: ${worst.toFixed(4)}` });
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  results.push(result);
  return result;
}

let chromiumVersion = '';

interface LargeAttempt {
  rows: number;
  run: BuildRun;
  /** The build's check refused the report (a limit in the generator), with its first problem. */
  rejected?: string;
}
interface LargeResult {
  /** With the aggregated chart, or with the rows read only by a <Value>. */
  variant: 'chart' | 'value';
  rows: number;
  attempts: LargeAttempt[];
  run?: BuildRun;
  indexBytes?: number;
  vlBytes?: number;
  vgBytes?: number;
  narrowBytes?: number;
  csvBytes?: number;
  embedBytes?: number;
  distBytes?: number;
  dataStoreBytes?: number;
  inputCsvBytes?: number;
}

/**
 * A dataset of LARGE_ROWS rows: once behind one aggregated chart, once read only
 * by a <Value>. When a build runs out of memory or takes over 10 minutes, the size
 * is halved (down to 62,500 rows); when the generator's check refuses it, that is the result.
 */
async function benchLarge(variant: 'chart' | 'value'): Promise<LargeResult> {
  const attempts: LargeAttempt[] = [];
  const what = variant === 'chart' ? 'one aggregated chart over' : 'a <Value> (no chart) reading';
  for (let rows = LARGE_ROWS; rows >= 62_500; rows = Math.floor(rows / 2)) {
    const site = await prepareSynthetic('large', `large data (${rows} rows)`, { chapters: 3, charts: 3, rows: 50, bigRows: rows, bigChart: variant === 'chart', seed: 7 });
    await clearCaches(site.root);
    log(`large data: ${what} ${rows.toLocaleString('en')} rows, cold build (timeout 10 min)`);
    const run = await runBuild(site.root, { timeoutMs: TEN_MINUTES });
    const rejected = !run.ok && /problems? found; the site was not built/.test(run.tail) ? run.tail.split('\n').find((l) => /: expected /.test(l))?.trim() ?? 'refused by the check' : undefined;
    attempts.push({ rows, run, rejected });
    const oom = /heap out of memory/.test(run.tail);
    log(`  ${run.ok ? 'ok' : rejected ? `REFUSED: ${rejected}` : run.timedOut ? 'TIMED OUT' : oom ? 'OUT OF MEMORY' : `FAILED\n${run.tail}`}: ${s(run.seconds)}, peak ${mb(run.peakRssMB)}`);
    if (rejected) return { variant, rows, attempts };
    if (!run.ok) continue;
    const dist = join(site.root, 'dist');
    return {
      variant,
      rows,
      attempts,
      run,
      indexBytes: await fileBytes(join(dist, 'index.html')),
      vlBytes: await fileBytes(join(dist, 'charts', `${BIG_CHART_ID}.vl.json`)),
      vgBytes: await fileBytes(join(dist, 'charts', `${BIG_CHART_ID}.vg.json`)),
      narrowBytes: await fileBytes(join(dist, 'charts', `${BIG_CHART_ID}.narrow.vg.json`)),
      csvBytes: await fileBytes(join(dist, 'charts', `${BIG_CHART_ID}.csv`)),
      embedBytes: await fileBytes(join(dist, 'embed', BIG_CHART_ID, 'index.html')),
      distBytes: await dirBytes(dist),
      dataStoreBytes: await fileBytes(join(site.root, 'node_modules/.astro/data-store.json')),
      inputCsvBytes: await fileBytes(join(site.root, 'data/big.csv')),
    };
  }
  return { variant, rows: 0, attempts };
}

function largeBudget(result: LargeResult): void {
  const rows = LARGE_ROWS.toLocaleString('en');
  if (result.variant === 'chart') {
    const refused = result.attempts.find((a) => a.rejected);
    if (refused) {
      budgets.push({ name: `large data: page and chart spec do not carry the ${rows} rows`, pass: true, detail: `the build refuses the chart instead: ${refused.rejected}` });
      return;
    }
    budgets.push({
      name: `large data: page and chart spec do not carry the ${rows} rows (index.html, vl.json, vg.json < 1 MB)`,
      pass: result.run !== undefined && result.rows === LARGE_ROWS && [result.indexBytes, result.vlBytes, result.vgBytes].every((b) => b! < 1024 * 1024),
      detail: result.run ? `at ${result.rows.toLocaleString('en')} rows: index.html ${kb(result.indexBytes!)}, ${BIG_CHART_ID}.vl.json ${kb(result.vlBytes!)}, .vg.json ${kb(result.vgBytes!)}` : 'no size built',
    });
  } else {
    budgets.push({
      name: `large data: a ${rows}-row dataset read by one <Value> builds, and the page does not carry it (index.html < 1 MB)`,
      pass: result.run !== undefined && result.rows === LARGE_ROWS && result.indexBytes! < 1024 * 1024,
      detail: result.run ? `at ${result.rows.toLocaleString('en')} rows: built in ${s(result.run.seconds)}, peak ${mb(result.run.peakRssMB)}, index.html ${kb(result.indexBytes!)}` : `no size built (${result.attempts.map((a) => `${a.rows}: ${a.rejected ?? (a.run.timedOut ? 'timeout' : `exit ${a.run.exitCode}`)}`).join(', ')})`,
    });
  }
}

interface ScaleResult {
  points: { charts: number; chapters: number; builds: SiteBuildNumbers; distBytes?: number; indexBytes?: number }[];
  extrapolated1000?: number;
  /** The largest size that built, for the profile. */
  site?: Site;
}

async function benchScale(): Promise<ScaleResult> {
  // 100 chapters / 1,000 charts; if one cold build would exceed ~10 min, measure 100/250/500 and extrapolate.
  const points: ScaleResult['points'] = [];
  const sizes = [1000, 500, 250, 100];
  for (const charts of sizes) {
    const site = await prepareSynthetic(`scale-${charts}`, `synthetic ${Math.max(10, charts / 10)} chapters / ${charts} charts`, { chapters: Math.max(10, charts / 10), charts, rows: 200, seed: 3 });
    log(`scale: ${site.chapters} chapters / ${charts} charts`);
    const builds = await measureSiteBuilds(site.root, site.csv, { timeoutMs: TEN_MINUTES, reps: 1 });
    for (const [mode, run] of Object.entries({ cold: builds.cold, warm: builds.warm, csvChange: builds.csvChange })) {
      if (run) log(`  ${mode}: ${s(run.seconds)}, peak ${mb(run.peakRssMB)}${run.ok ? '' : ` FAILED${run.timedOut ? ' (timeout)' : ''}`}`);
    }
    points.push({ charts, chapters: site.chapters, builds, distBytes: builds.cold.ok ? await dirBytes(join(site.root, 'dist')) : undefined, indexBytes: builds.cold.ok ? await fileBytes(join(site.root, 'dist/index.html')) : undefined });
    await rm(join(site.root, 'dist'), { recursive: true, force: true });
    if (charts === 1000 && builds.cold.ok) return { points, site };
  }
  // Least squares over the smaller sizes that worked: seconds = a + b * charts.
  const ok = points.filter((p) => p.builds.cold.ok && p.charts < 1000);
  if (ok.length >= 2) {
    const n = ok.length;
    const mx = ok.reduce((a, p) => a + p.charts, 0) / n;
    const my = ok.reduce((a, p) => a + p.builds.cold.seconds, 0) / n;
    const b = ok.reduce((a, p) => a + (p.charts - mx) * (p.builds.cold.seconds - my), 0) / ok.reduce((a, p) => a + (p.charts - mx) ** 2, 0);
    return { points, extrapolated1000: my + b * (1000 - mx), site: undefined };
  }
  return { points };
}

async function chunkSizes() {
  const dist = join(OUT, 'default/dist/_astro');
  const files = await readdir(dist).catch(() => [] as string[]);
  const chartView = files.filter((f) => /^chart-view.*\.js$/.test(f));
  const hydrate = files.filter((f) => /^hydrate-charts.*\.js$/.test(f));
  const sum = async (paths: string[]) => ({ raw: (await Promise.all(paths.map(fileBytes))).reduce((a, b) => a + b, 0), gzip: (await Promise.all(paths.map(gzBytes))).reduce((a, b) => a + b, 0) });
  const vendor = await Promise.all(BASELINE_VENDOR.map(async (f) => ({ name: f.split('/').pop()!, raw: await fileBytes(join(REPO, 'node_modules', f)), gzip: await gzBytes(join(REPO, 'node_modules', f)) })));
  return {
    chartView: { names: chartView, ...(await sum(chartView.map((f) => join(dist, f)))) },
    hydrate: { names: hydrate, ...(await sum(hydrate.map((f) => join(dist, f)))) },
    vendor,
    vendorTotal: { raw: vendor.reduce((a, v) => a + v.raw, 0), gzip: vendor.reduce((a, v) => a + v.gzip, 0) },
  };
}

interface Profile {
  site: string;
  load: number;
  summary: ProfileSummary;
  stages: Record<string, number>;
  seconds: number;
}

async function profileBuild(site: Site, name = 'profile'): Promise<Profile> {
  const dir = join(OUT, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await clearCaches(site.root);
  log(`profile: cold build of ${site.label} with --cpu-prof`);
  const run = await runBuild(site.root, { cpuProfDir: dir });
  return { site: site.label, load: run.loadBefore, summary: await summariseProfiles(dir), stages: run.stages, seconds: run.seconds };
}

async function machine() {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { cpu: model.trim(), cores: cpus().length, ramGB: totalmem() / 1024 ** 3, node: process.version, chromium: chromiumVersion ? `Chromium ${chromiumVersion}` : 'Chromium not run', date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', load: `${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at the end` };
}

// ---------- main ----------

await mkdir(OUT, { recursive: true });

const DATA_START = '<!-- bench-data:start (written by npm run bench -- --data; edit outside these markers) -->';
const DATA_END = '<!-- bench-data:end -->';
/** The data part: its own markers in BENCHMARKS.md, so `--data` alone leaves the rest as it was. */
async function runDataPart(): Promise<boolean> {
  const cases = await benchData(OUT, log, TEN_MINUTES);
  const { table, budgets: dataBudgets } = dataReport(cases);
  const env = await machine();
  const text = [`Machine: ${env.cpu}, ${env.cores} cores, ${env.ramGB.toFixed(1)} GB RAM; Node ${env.node}; ${env.date}; 1-minute load average ${env.load}. Peak memory: ${memoryMethod()}.`, '', table, '', ...dataBudgets.map((b) => `- ${b.pass ? 'PASS' : 'FAIL'} ${b.name}: ${b.detail}`)].join('\n');
  console.log(`\n${text}\n`);
  if (!has('--no-write')) {
    const file = join(REPO, 'BENCHMARKS.md');
    const existing = await readFile(file, 'utf8');
    const next = existing.includes(DATA_START)
      ? `${existing.slice(0, existing.indexOf(DATA_START))}${DATA_START}\n${text}\n${existing.slice(existing.indexOf(DATA_END))}`
      : `${existing.trimEnd()}\n\n## Research-scale data\n\n${DATA_START}\n${text}\n${DATA_END}\n`;
    await writeFile(file, next);
    log(`wrote the data part of ${file}`);
  }
  return dataBudgets.every((b) => b.pass);
}
if (has('--data')) {
  const pass = await runDataPart();
  process.exit(pass ? 0 : 1);
}
const pages = !has('--no-pages');
const defaultSite = await prepareDefault();
// One page of 50 charts, next to the same page drawn by vega-embed (with pages: auto it would be ten pages of five).
const smallSite = await prepareSynthetic('small', 'synthetic small', { chapters: 10, charts: 50, rows: 200, seed: 1, pages: 'single' });
// Twelve charts with a point selection (a click on a bar or a legend entry selects a group), next to vega-embed.
const selectionSite = await prepareSynthetic('selections', 'synthetic selections', { chapters: 3, charts: 12, rows: 200, seed: 2, pages: 'single', selections: true });
await benchSite(defaultSite, { pages });
await benchSite(smallSite, { pages });
await benchSite(selectionSite, { pages, buildReps: 1 });
const chunks = await chunkSizes();
const profile = has('--no-profile') ? undefined : await profileBuild(smallSite);
const large: LargeResult[] = [];
if (!has('--no-large')) {
  for (const variant of ['chart', 'value'] as const) {
    const result = await benchLarge(variant);
    largeBudget(result);
    large.push(result);
  }
  await rm(join(OUT, 'large', 'dist'), { recursive: true, force: true });
}
const scale = has('--scale') ? await benchScale() : undefined;
const scaleProfile = scale?.site && !has('--no-profile') ? await profileBuild(scale.site, 'profile-scale') : undefined;
if (scale?.site) await rm(join(scale.site.root, 'dist'), { recursive: true, force: true });
const env = await machine();

// ---------- report ----------

const sites = results;
const header = ['metric', ...sites.flatMap((r) => (r.ours ? [`${r.site.name}: ours`, `${r.site.name}: vega-embed`, 'ours ÷ vega-embed'] : [r.site.name]))];
const cells = (fn: (r: SiteResult) => [string, string?, string?]) => sites.flatMap((r) => { const [a, b, c] = fn(r); return r.ours ? [a, b ?? '', c ?? ''] : [a]; });
const rows: Row[] = [];
const add = (metric: string, fn: (r: SiteResult) => [string, string?, string?]) => rows.push([metric, ...cells(fn)]);
add('chapters / charts', (r) => [`${r.site.chapters} / ${r.site.charts}`, `${r.site.chapters} / ${r.site.charts}`]);
add(`**build** cold (median of ${BUILD_REPS}; all runs)`, (r) => [`${s(r.builds.cold.seconds)} (${spread(r.builds.seconds.cold)})`]);
add('build warm, nothing changed', (r) => [`${s(r.builds.warm?.seconds)} (${spread(r.builds.seconds.warm)})`]);
add('build after one CSV changed', (r) => [`${s(r.builds.csvChange?.seconds)} (${spread(r.builds.seconds.csvChange)})`]);
add('peak build memory cold / warm / CSV', (r) => [`${mb(r.builds.cold.peakRssMB)} / ${mb(r.builds.warm?.peakRssMB)} / ${mb(r.builds.csvChange?.peakRssMB)}`]);
add('cold stages: pre-check+swap / content sync / bundle / pages', (r) => { const st = r.builds.cold.stages; return [`${s(st.checkAndSwap)} / ${s(st.contentSync)} / ${s(st.bundle)} / ${s(st.renderPages)}`]; });
add('highest 1-min load average at the start of a build', (r) => [r.builds.maxLoadBefore.toFixed(2)]);
add('dist/ total / index.html', (r) => [`${kb(r.distBytes ?? NaN)} / ${kb(r.indexBytes ?? NaN)}`]);
const p = (r: SiteResult, fn: (x: PageNumbers) => number | null, fmt: (v: number | null) => string, ratioToo = true): [string, string, string] =>
  r.ours && r.baseline ? [fmt(fn(r.ours)), fmt(fn(r.baseline)), ratioToo ? ratio(fn(r.ours), fn(r.baseline)) : ''] : ['–', '–', '–'];
const bytesPair = (b: { raw: number; gzip: number }) => `${kb(b.raw)} / ${kb(b.gzip)}`;
const pb = (r: SiteResult, fn: (x: PageNumbers) => { raw: number; gzip: number }): [string, string, string] =>
  r.ours && r.baseline ? [bytesPair(fn(r.ours)), bytesPair(fn(r.baseline)), ratio(fn(r.ours).gzip, fn(r.baseline).gzip)] : ['–', '–', '–'];
const threads = (r: SiteResult, fn: (x: PageNumbers) => { taskMs: number; scriptMs: number }): [string, string, string] =>
  r.ours && r.baseline ? [`${ms(fn(r.ours).taskMs)} / ${ms(fn(r.ours).scriptMs)}`, `${ms(fn(r.baseline).taskMs)} / ${ms(fn(r.baseline).scriptMs)}`, ratio(fn(r.ours).taskMs, fn(r.baseline).taskMs)] : ['–', '–', '–'];
if (pages) {
  const fl = (x: PageNumbers) => x.firstLoad;
  const as = (x: PageNumbers) => x.afterScroll!;
  add('**first load (top of page)** requests', (r) => p(r, (x) => fl(x).requests, (v) => String(v)));
  add('HTML raw / gzip', (r) => pb(r, (x) => fl(x).byKind.html));
  add('CSS raw / gzip', (r) => pb(r, (x) => fl(x).byKind.css));
  add('JS raw / gzip', (r) => pb(r, (x) => fl(x).byKind.js));
  add('JSON (specs) raw / gzip', (r) => pb(r, (x) => fl(x).byKind.json));
  add('fonts raw / gzip', (r) => pb(r, (x) => fl(x).byKind.font));
  add('all responses raw / gzip', (r) => pb(r, (x) => fl(x).total));
  add('charts in the first viewport', (r) => p(r, (x) => fl(x).chartsInView, (v) => String(v), false));
  add('every chart in view drawn', (r) => p(r, (x) => (fl(x).chartsInView ? fl(x).chartsInViewMs : null), ms));
  add(`first chart of the page drawn (below the fold; median of ${RUNS + TIMING_LOADS} loads)`, (r) =>
    r.firstChart && r.firstChart.ours.length && r.firstChart.theirs.length
      ? [ms(quantile(r.firstChart.ours, 0.5)), ms(quantile(r.firstChart.theirs, 0.5)), ratio(quantile(r.firstChart.ours, 0.5), quantile(r.firstChart.theirs, 0.5))]
      : ['–', '–', '–']);
  add('… middle half of those loads', (r) =>
    r.firstChart && r.firstChart.ours.length && r.firstChart.theirs.length
      ? [`${ms(quantile(r.firstChart.ours, 0.25))}–${ms(quantile(r.firstChart.ours, 0.75))}`, `${ms(quantile(r.firstChart.theirs, 0.25))}–${ms(quantile(r.firstChart.theirs, 0.75))}`, '']
      : ['–', '–', '–']);
  add('DOMContentLoaded', (r) => p(r, (x) => fl(x).domContentLoadedMs, ms));
  add('Largest Contentful Paint', (r) => p(r, (x) => fl(x).lcpMs, ms));
  add('CLS', (r) => p(r, (x) => fl(x).cls, (v) => (v ?? 0).toFixed(4), false));
  add('of which shifts that moved a chart figure (sum)', (r) => p(r, (x) => fl(x).chartShiftSum, (v) => (v ?? 0).toFixed(4), false));
  add('chart code requested before a chart is near', (r) => p(r, (x) => fl(x).chartCodeBeforeNear.requests, (v) => String(v), false));
  add('main-thread time: all tasks / script', (r) => threads(r, (x) => fl(x).mainThread));
  add('**after scrolling every chart in** requests', (r) => p(r, (x) => as(x).requests, (v) => String(v)));
  add('JS raw / gzip', (r) => pb(r, (x) => as(x).byKind.js));
  add('JSON (specs) raw / gzip', (r) => pb(r, (x) => as(x).byKind.json));
  add('all responses raw / gzip', (r) => pb(r, (x) => as(x).total));
  add('charts interactive', (r) => p(r, (x) => as(x).interactive, (v) => String(v), false));
  add('main-thread time since navigation: all tasks / script', (r) => threads(r, (x) => as(x).mainThread));
  add('scroll through, waiting for each chart to be interactive', (r) => p(r, (x) => as(x).allInteractiveMs, ms));
  add('CLS (largest session window / sum of all shifts)', (r) => (r.ours && r.baseline ? [`${as(r.ours).cls.toFixed(4)} / ${as(r.ours).clsSum.toFixed(4)}`, `${as(r.baseline).cls.toFixed(4)} / ${as(r.baseline).clsSum.toFixed(4)}`, ''] : ['–', '–', '–']));
  add('of which shifts that moved a chart figure (sum)', (r) => p(r, (x) => as(x).chartShiftSum, (v) => (v ?? 0).toFixed(4), false));
  const ai = (x: PageNumbers) => x.afterInteraction!;
  add('**after one interaction with every chart** (pointer onto a mark) requests', (r) => p(r, (x) => ai(x).requests, (v) => String(v)));
  add('JS raw / gzip', (r) => pb(r, (x) => ai(x).byKind.js));
  add('JSON (specs) raw / gzip', (r) => pb(r, (x) => ai(x).byKind.json));
  add('all responses raw / gzip', (r) => pb(r, (x) => ai(x).total));
  add('charts whose tooltip showed', (r) => p(r, (x) => ai(x).tooltips, (v) => String(v), false));
  add('main-thread time since navigation: all tasks / script', (r) => threads(r, (x) => ai(x).mainThread));
  add('chart code (Vega chunk, specs) requested / by the interactions', (r) => (r.ours && r.baseline ? [`${ai(r.ours).chartCode.requests} / ${ai(r.ours).chartCodeRequests}`, `${ai(r.baseline).chartCode.requests} / ${ai(r.baseline).chartCodeRequests}`, ''] : ['–', '–', '–']));
  const deep = (r: SiteResult): SiteResult => ({ ...r, ours: r.oursDeep, baseline: r.baselineDeep });
  add('**deep link to the first chart** (`/#figure-<id>`) requests', (r) => p(deep(r), (x) => fl(x).requests, (v) => String(v)));
  add('all responses raw / gzip', (r) => pb(deep(r), (x) => fl(x).total));
  add('charts in the viewport', (r) => p(deep(r), (x) => fl(x).chartsInView, (v) => String(v), false));
  add('every chart in view drawn', (r) => p(deep(r), (x) => (fl(x).chartsInView ? fl(x).chartsInViewMs : null), ms));
  add('Largest Contentful Paint', (r) => p(deep(r), (x) => fl(x).lcpMs, ms));
  add('CLS', (r) => p(deep(r), (x) => fl(x).cls, (v) => (v ?? 0).toFixed(4), false));
  add('of which shifts that moved a chart figure (sum)', (r) => p(deep(r), (x) => fl(x).chartShiftSum, (v) => (v ?? 0).toFixed(4), false));
}
const shiftText = sites
  .filter((r) => r.ours)
  .flatMap((r) => {
    const fmt = (what: string, list: { source: string; value: number; at: number }[] | undefined) =>
      `- ${r.site.name}, ${what}: ${list?.length ? list.map((x) => `\`${x.source}\` ${x.value.toFixed(4)} at ${x.at} ms`).join('; ') : 'no shifts'}`;
    return [fmt('ours, first load', r.ours!.firstLoad.shiftSources), fmt('ours, after scrolling', r.ours!.afterScroll?.shiftSources), fmt('ours, deep link', r.oursDeep?.firstLoad.shiftSources), fmt('vega-embed, deep link', r.baselineDeep?.firstLoad.shiftSources)];
  })
  .join('\n');
const mainTable = table(header, rows);

const attemptText = (a: LargeAttempt) =>
  a.run.ok
    ? `built in ${s(a.run.seconds)}, peak ${mb(a.run.peakRssMB)}`
    : a.rejected
      ? `refused by the check after ${s(a.run.seconds)}: ${a.rejected.replace(/\|/g, '\\|')}`
      : `${a.run.timedOut ? 'timed out' : `failed (exit ${a.run.exitCode}${/heap out of memory/.test(a.run.tail) ? ', JavaScript heap out of memory' : ''})`} after ${s(a.run.seconds)}, peak ${mb(a.run.peakRssMB)}`;
const largeColumn = (l: LargeResult | undefined, fn: (l: LargeResult) => string) => (l ? fn(l) : '–');
const largeTable = large.length
  ? table(
      ['large-data case', ...large.map((l) => (l.variant === 'chart' ? `${LARGE_ROWS.toLocaleString('en')} rows behind one aggregated chart` : `${LARGE_ROWS.toLocaleString('en')} rows read by one <Value>, no chart`))],
      [
        ['attempts (halved after out-of-memory or > 10 min)', ...large.map((l) => l.attempts.map((a) => `${a.rows.toLocaleString('en')} rows: ${attemptText(a)} (load ${a.run.loadBefore.toFixed(2)})`).join('<br>'))],
        ['input data/big.csv', ...large.map((l) => largeColumn(l, (x) => kb(x.inputCsvBytes ?? NaN)))],
        ['cold stages: pre-check+swap / content sync / bundle / pages', ...large.map((l) => (l.run ? `${s(l.run.stages.checkAndSwap)} / ${s(l.run.stages.contentSync)} / ${s(l.run.stages.bundle)} / ${s(l.run.stages.renderPages)}` : '–'))],
        ['dist/ total', ...large.map((l) => kb(l.distBytes ?? NaN))],
        ['dist/index.html', ...large.map((l) => kb(l.indexBytes ?? NaN))],
        [`dist/charts/${BIG_CHART_ID}.vl.json`, ...large.map((l) => kb(l.vlBytes ?? NaN))],
        [`dist/charts/${BIG_CHART_ID}.vg.json (+ .narrow.vg.json)`, ...large.map((l) => (l.vgBytes ? `${kb(l.vgBytes)} (+ ${kb(l.narrowBytes ?? NaN)})` : '–'))],
        [`dist/charts/${BIG_CHART_ID}.csv`, ...large.map((l) => kb(l.csvBytes ?? NaN))],
        ['node_modules/.astro/data-store.json (build cache)', ...large.map((l) => kb(l.dataStoreBytes ?? NaN))],
      ],
    )
  : '';

const scaleTable = scale
  ? table(
      ['scale (200-row datasets)', 'cold', 'warm', 'one CSV changed', 'peak memory cold / warm / CSV', 'cold stages: check+swap / sync / bundle / pages', 'dist/ / index.html', 'max load at build start'],
      [
        ...scale.points.map((pt): Row => [
          `${pt.chapters} chapters / ${pt.charts} charts`,
          pt.builds.cold.ok ? s(pt.builds.cold.seconds) : pt.builds.cold.timedOut ? '> 10 min' : 'failed',
          s(pt.builds.warm?.seconds),
          s(pt.builds.csvChange?.seconds),
          `${mb(pt.builds.cold.peakRssMB)} / ${mb(pt.builds.warm?.peakRssMB)} / ${mb(pt.builds.csvChange?.peakRssMB)}`,
          `${s(pt.builds.cold.stages.checkAndSwap)} / ${s(pt.builds.cold.stages.contentSync)} / ${s(pt.builds.cold.stages.bundle)} / ${s(pt.builds.cold.stages.renderPages)}`,
          `${kb(pt.distBytes ?? NaN)} / ${kb(pt.indexBytes ?? NaN)}`,
          pt.builds.maxLoadBefore.toFixed(2),
        ]),
        ...(scale.extrapolated1000 !== undefined ? [['1,000 charts (extrapolated, linear fit)', s(scale.extrapolated1000), '', '', '', '', '', ''] as Row] : []),
      ],
    )
  : '';

const chunkTable = table(
  ['browser chart code', 'raw', 'gzip'],
  [
    [`ours, loaded when a chart is near: ${chunks.chartView.names.join(', ')}`, kb(chunks.chartView.raw), kb(chunks.chartView.gzip)],
    [`ours, on every page: ${chunks.hydrate.names.join(', ')}`, kb(chunks.hydrate.raw), kb(chunks.hydrate.gzip)],
    ...chunks.vendor.map((v): Row => [`vega-embed page: ${v.name}`, kb(v.raw), kb(v.gzip)]),
    ['vega-embed page: total', kb(chunks.vendorTotal.raw), kb(chunks.vendorTotal.gzip)],
    ['ours ÷ vega-embed (gzip)', '', ratio(chunks.chartView.gzip + chunks.hydrate.gzip, chunks.vendorTotal.gzip)],
  ],
);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const profileText = (profile: Profile) =>
  [
    `Cold build of the ${profile.site} site under \`--cpu-prof\` (${s(profile.seconds)} with the profiler on, 1-min load average ${profile.load.toFixed(2)} at its start; ${Math.round(profile.summary.totalMs)} ms of sampled CPU on the main thread, idle excluded). Stages: pre-check+swap ${s(profile.stages.checkAndSwap)}, content sync ${s(profile.stages.contentSync)}, bundle ${s(profile.stages.bundle)}, pages ${s(profile.stages.renderPages)}.`,
    '',
    table(['generator code (inclusive: time with the function on the stack)', 'ms', 'share'], profile.summary.pipeline.map((f): Row => [`\`${f.name}\``, String(Math.round(f.ms)), pct(f.share)])),
    '',
    table(['module (self time)', 'ms', 'share'], profile.summary.modules.map((f): Row => [f.name, String(Math.round(f.ms)), pct(f.share)])),
    '',
    table(['function (self time)', 'ms', 'share'], profile.summary.functions.map((f): Row => [`\`${f.name.replace(/\|/g, '\\|')}\``, String(Math.round(f.ms)), pct(f.share)])),
  ].join('\n');

const budgetText = budgets.map((b) => `- ${b.pass ? 'PASS' : 'FAIL'} ${b.name}: ${b.detail}`).join('\n');
const machineText = `${env.cpu}, ${env.cores} cores, ${env.ramGB.toFixed(1)} GB RAM; Node ${env.node}; ${env.chromium}; ${env.date}; 1-minute load average ${env.load}. Peak memory: ${memoryMethod()}. Page numbers are the median of ${RUNS} loads per page (the first-chart time: of ${RUNS + TIMING_LOADS}), each in a fresh browser context (empty cache), localhost, no throttling.`;

const generated = [
  `Machine: ${machineText}`,
  '',
  mainTable,
  '',
  budgetText,
  ...(pages ? ['', '### What moved (layout-shift sources, first run; value summed over the shifts an element took part in)', '', shiftText] : []),
  '',
  '### Chart code shipped to the browser',
  '',
  chunkTable,
  ...(large.length ? ['', '### A very large dataset', '', largeTable] : []),
  ...(scale ? ['', '### Scale', '', scaleTable] : []),
  ...(profile ? ['', '### Where the build time goes (CPU profile)', '', profileText(profile)] : []),
  ...(scaleProfile ? ['', `#### The same at ${scaleProfile.site}`, '', profileText(scaleProfile)] : []),
  '',
  `Rows changed for the CSV rebuild: ${sites.map((r) => r.builds.csvChanged).filter(Boolean).join('; ')}. Total bench time: ${s((Date.now() - started) / 1000)}.`,
].join('\n');

console.log(`\n${generated}\n`);

if (!has('--no-write')) {
  const file = join(REPO, 'BENCHMARKS.md');
  const START = '<!-- bench:start (written by npm run bench; edit outside these markers) -->';
  const END = '<!-- bench:end -->';
  const existing = await readFile(file, 'utf8').catch(() => `# Benchmarks\n\n${START}\n${END}\n`);
  const before = existing.includes(START) ? existing.slice(0, existing.indexOf(START)) : `${existing}\n`;
  const after = existing.includes(END) ? existing.slice(existing.indexOf(END) + END.length) : '\n';
  await writeFile(file, `${before}${START}\n${generated}\n${END}${after}`);
  log(`wrote ${file}`);
}
const dataPass = has('--no-data') ? true : await runDataPart();
process.exitCode = budgets.every((b) => b.pass) && dataPass ? 0 : 1;
