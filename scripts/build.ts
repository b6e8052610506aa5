/**
 * `npm run build`: check everything, build into a staging folder, and only on
 * success swap it into `dist/`. A failed build (bad data, a crash, a kill)
 * leaves the previous `dist/` exactly as it was.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { formatLintWarnings, formatProblems, ReportError } from '../src/errors/report-error.ts';
import { loadReportModel, workCounts } from '../src/report/model.ts';
import { diffSnapshots, formatChanges, readSnapshot, snapshotOf, writeSnapshot } from '../src/report/data-changes.ts';
import { headersFile } from '../src/security/csp.ts';
import { indexBuiltPages } from '../src/report/built-pages.ts';
import type { PageMap } from '../src/report/page-map.ts';
import { acquireBuildLock } from '../src/build/lock.ts';
import { checkPageSizes } from '../src/build/page-size.ts';
import { recoverInterruptedSwap, SwapError, swapIn } from '../src/build/swap.ts';
import { exportCsv } from '../src/output/export-dataset.ts';
import { poolStats } from '../src/engines/render-pool.ts';
import { pngCacheDir, prefetchPngs } from '../src/engines/png-cache.ts';
import { chartCard, socialCardSvg } from '../src/output/social-card.ts';
import { inputsDigest, isUpToDate, writeStamp } from '../src/build/up-to-date.ts';

const generatorRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(process.env.REPORT_ROOT ?? process.cwd());
const outDir = resolve(root, process.env.OUT_DIR ?? 'dist');
// Staging sits next to the output folder: same file system, so the final rename is atomic.
const stagingRoot = join(dirname(outDir), `.${basename(outDir)}.staging`);
// A stable staging path: Astro keys its content cache on the whole config, outDir included,
// so a new path per build would throw away every cached chart render.
const staging = join(stagingRoot, 'build');
await mkdir(stagingRoot, { recursive: true });
// Astro renames its prerendered files into its output folder from one under the working folder (where
// node_modules resolves), so its output must be on the working folder's file system. For an OUT_DIR on
// another one, Astro builds here and the result is copied next to OUT_DIR, from where the swap renames it.
const astroOut = (await stat(stagingRoot)).dev === (await stat(process.cwd())).dev ? staging : join(process.cwd(), '.astro', 'out-of-tree-build');
const started = performance.now();
/** From this many charts on, the build trades a little time for a smaller heap (below). */
const LARGE_REPORT_CHARTS = 200;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

// How the output folder is named in messages: dist/ for the usual one, its path otherwise.
const shownOut = relative(root, outDir) === 'dist' ? 'dist/' : `${outDir}/`;
const lockFile = join(dirname(outDir), `.${basename(outDir)}.lock`);
const lock = acquireBuildLock(lockFile, relative(root, lockFile));
if (!lock.ok) fail(lock.message);
// A build killed while publishing left the old site in the staging folder: put it back first.
const recovered = await recoverInterruptedSwap(outDir, stagingRoot, shownOut).catch((error: Error) => fail(`could not recover the site an interrupted build left in ${stagingRoot}: ${error.message}`));
if (recovered) console.log(recovered);

// Nothing changed since dist/ was built, and dist/ is as that build left it: nothing to do (src/build/up-to-date.ts).
const force = process.argv.includes('--force') || process.env.REPORT_FORCE_BUILD === '1';
const inputs = await inputsDigest(root, generatorRoot);
const upToDate = force ? false : await isUpToDate(root, outDir, inputs);
if (upToDate) {
  console.log(`${shownOut} is up to date: nothing in content/, data/ or the generator changed since it was built (npm run build -- --force rebuilds)`);
  console.log('work: 0 datasets read, 0 charts compiled, 0 SVGs rendered');
  // The warnings have not gone away because nothing was rebuilt.
  if (upToDate.warnings) console.warn(upToDate.warnings);
  process.exit(0);
}

const checkStarted = performance.now();
const checked = await loadReportModel(root).catch((error: Error) => fail(`internal error while checking the report: ${error.message}`));
if (checked.problems.length > 0) {
  const n = checked.problems.length;
  fail(`${formatProblems(checked.problems)}\n\n${n} problem${n === 1 ? '' : 's'} found; the site was not built${existsSync(outDir) ? ' and the previous dist/ is unchanged' : ''}.`);
}

// A large report's pages leave the heap mostly garbage, and V8 lets a heap double before collecting it:
// collect sooner (1,000 charts peaked at 1.6-1.7 GB, 1.2-1.4 GB with this). Small reports skip it, as
// it costs them about 10 % of the build's time. V8 reads the flag at each collection.
if (checked.charts.size >= LARGE_REPORT_CHARTS) setFlagsFromString('--heap-growing-percent=30');

const site = process.env.SITE_URL || checked.report?.site;
const base = normaliseBase(process.env.BASE_PATH || checked.report?.base || '/');

/** "/my-report" and "my-report/" both mean "/my-report/". */
function normaliseBase(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

// The render pool rasterises chart PNGs and social cards while Astro renders the pages on this
// thread; the PNG routes then find them drawn or on their way (src/engines/png-cache.ts).
const checkedHeapMb = process.memoryUsage().heapUsed / 1e6;
const reportTitle = checked.report?.title ?? '';
prefetchPngs(
  [...checked.charts.values()].flatMap((chart) => [{ svg: () => chart.svg, scale: 2 }, { svg: () => socialCardSvg(chartCard(reportTitle, chart)), scale: 1 }]),
  pngCacheDir(root),
);

const astroStarted = performance.now();
let astroMs = 0;
try {
  await rm(staging, { recursive: true, force: true });
  await mkdir(stagingRoot, { recursive: true });
  // A production build whatever the caller's environment: a Vite-based parent
  // (vitest) exports NODE_ENV=test and import.meta.env names such as BASE_URL,
  // which Astro would otherwise read back into the site.
  process.env.NODE_ENV = 'production';
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX']) delete process.env[name];
  const { build } = await import('astro');
  const { default: sitemap } = await import('@astrojs/sitemap');
  await build({
    root,
    // Astro resolves the config file relative to the root; fixture sites share this one.
    configFile: relative(root, join(generatorRoot, 'astro.config.mjs')),
    outDir: astroOut,
    logLevel: process.env.ASTRO_LOG_LEVEL === 'info' ? 'info' : 'warn',
    // Absolute URLs (feeds, sitemap, canonical links, embed snippets) and the sub-path the site lives under.
    ...(site ? { site, integrations: [sitemap()] } : {}),
    base,
  });
  astroMs = performance.now() - astroStarted;
  if (astroOut !== staging) {
    await cp(astroOut, staging, { recursive: true });
    await rm(astroOut, { recursive: true, force: true });
  }
  if (!existsSync(join(staging, 'index.html'))) throw new Error('the build finished without writing index.html');
  const sizes = await checkPageSizes(staging, shownOut.replace(/\/$/, ''));
  if (sizes.problems.length > 0) throw new ReportError(sizes.problems);
  for (const warning of sizes.warnings) console.warn(`warning: ${warning}`);
  // Hosts that read a _headers file (Netlify, Cloudflare Pages) serve the policy as real headers.
  const pages = ((await readdir(staging, { recursive: true })) as string[]).filter((f) => f.endsWith('.html')).map((f) => f.split('\\').join('/'));
  await writeFile(join(staging, '_headers'), headersFile(base, pages));
  // Large datasets published in full: DuckDB writes the CSV, so the rows never pass through memory.
  for (const dataset of checked.datasets.values()) {
    if (dataset.large && dataset.download === 'full') await exportCsv(root, dataset.name, dataset.columns, join(staging, 'data', `${dataset.name}.csv`));
  }
  // The search index is made from the rendered pages, so it holds the numbers as readers see them;
  // the page map (which page holds each id) from the same pages.
  const reportPages = (JSON.parse(await readFile(join(staging, 'page-map.json'), 'utf8')) as PageMap).pages;
  const built = await indexBuiltPages(reportPages, (path) => readFile(join(staging, path.slice(base.length), 'index.html'), 'utf8'));
  await writeFile(join(staging, 'search-index.json'), built.searchIndex);
  await writeFile(join(staging, 'page-map.json'), JSON.stringify(built.pageMap));
} catch (error) {
  await rm(staging, { recursive: true, force: true });
  if (astroOut !== staging) await rm(astroOut, { recursive: true, force: true });
  const problems = error instanceof ReportError ? formatProblems(error.problems) : (error as Error).message;
  fail(`${problems}\n\nThe build failed; ${existsSync(outDir) ? 'the previous dist/ is unchanged' : 'nothing was written to dist/'}.`);
}

// Swap: two renames, so dist/ is either the old site or the new one, never a mix (src/build/swap.ts).
try {
  await swapIn(staging, outDir, stagingRoot, shownOut);
} catch (error) {
  await rm(staging, { recursive: true, force: true }).catch(() => {});
  await rm(stagingRoot, { recursive: true, force: true }).catch(() => {});
  fail(error instanceof SwapError ? `${error.message}.` : `could not publish the site: ${(error as Error).message}`);
}
await rm(stagingRoot, { recursive: true, force: true }).catch(() => {});

// The snapshot moves only with a successful build, so the next build compares with what is published.
const snapshot = snapshotOf(checked.datasets);
const previousSnapshot = await readSnapshot(root);
console.log(formatChanges(diffSnapshots(previousSnapshot ?? {}, snapshot), !previousSnapshot));
await writeSnapshot(root, snapshot);
const lintWarnings = formatLintWarnings(checked.warnings);
await writeStamp(root, outDir, inputs, lintWarnings);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const work = workCounts();
console.log(`built ${checked.chapters.length} chapters, ${checked.charts.size} charts from ${checked.datasets.size} datasets into ${outDir} in ${seconds} s`);
// What this build actually did; a warm build with nothing changed compiles and renders nothing.
console.log(`work: ${work.datasetsRead} datasets read, ${work.chartsCompiled} charts compiled, ${work.svgsRendered} SVGs rendered`);
if (process.argv.includes('--stats')) {
  // Where the time went: the phases in this process, and the jobs the render pool's children ran.
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`phases: check ${s(astroStarted - checkStarted)}, astro ${s(astroMs)}, after astro ${s(performance.now() - astroStarted - astroMs)}`);
  // In the order a chart goes through them, whatever order the jobs finished in.
  const order = (kind: string) => ['svg', 'transforms', 'png 2×', 'png 1×'].indexOf(kind) >>> 0;
  const jobs = Object.entries(poolStats()).sort(([a], [b]) => order(a) - order(b)).map(([kind, { jobs, ms }]) => `${kind} ${jobs} (${s(ms)})`);
  console.log(`render pool: ${jobs.join(', ') || 'no jobs'}`);
  // The heap once the report model is loaded (it stays for the pages), and the process's peak.
  console.log(`memory: heap ${Math.round(checkedHeapMb)} MB after the check, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}
if (lintWarnings) console.warn(lintWarnings);
