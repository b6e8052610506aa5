/**
 * Measure how much of Vega-Lite's example gallery this generator publishes
 * (issue 12). Not part of `npm test`: it builds a few dozen reports.
 *
 *   npm exec -- node bench/gallery.ts --examples /path/to/vega-lite/examples [--datasets node_modules/vega-datasets]
 *     [--batch 40] [--only bar,area_density] [--no-browser] [--keep]
 *
 * Each spec in `examples/specs/*.vl.json` is converted with the least change
 * (gallery-convert.ts), the charts are built in batches of reports (the
 * minimal fixture plus one chapter placing the batch's charts; a chart whose
 * problems fail the build is dropped and the batch rebuilt), and then:
 *   same marks    the static SVG has the same data marks (type, role, item count
 *                 per mark group) as Vega's reference `examples/compiled/<name>.svg`;
 *   interactive   its embed page in Chromium upgrades the chart (data-interactive=ready);
 *   responds      for specs with selection params: hovering, clicking, dragging or
 *                 setting a bound input changes the chart, here and in plain
 *                 vega-embed rendering the unmodified spec over vega-datasets.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from '../tests/support/chromium.ts';
import { serveDir } from '../tests/support/serve.ts';
import { interact } from '../tests/support/interact.ts';
import { markSignature } from '../tests/support/marks.ts';
import { loader, parse as parseVega, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { convertSpec, type Converted } from './gallery-convert.ts';

const REPO = resolve(import.meta.dirname, '..');
// Plain Vega below renders in UTC, as the generator does (Node reads TZ when it changes).
process.env.TZ = 'UTC';
const args = process.argv.slice(2);
const option = (flag: string) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const examples = option('--examples');
if (!examples) {
  console.error('usage: node bench/gallery.ts --examples <vega-lite checkout>/examples [--datasets <vega-datasets package>] [--batch N] [--only a,b] [--no-browser]');
  process.exit(2);
}
const datasetsDir = join(resolve(option('--datasets') ?? join(REPO, 'node_modules/vega-datasets')), 'data');
const BATCH = Number(option('--batch') ?? 40);
const only = option('--only')?.split(',');
const WORK = join(REPO, 'bench/.gallery');
const started = Date.now();
const log = (message: string) => console.log(`[gallery ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

interface Result {
  name: string;
  id: string;
  converted: Converted;
  spec: Record<string, unknown>;
  selection: boolean;
  published?: boolean;
  failure?: string;
  sameMarks?: boolean;
  /** Same marks as plain Vega rendering the unmodified spec in UTC (the references were rendered in a US time zone). */
  sameMarksUtc?: boolean;
  interactive?: boolean;
  interactiveFailure?: string;
  responds?: boolean;
  /** Its point selection works on the build-time SVG, without loading Vega (src/pipeline/static-selection.ts). */
  staticSelection?: boolean;
  respondsInVegaEmbed?: boolean;
}

const specsDir = join(examples, 'specs');
const names = readdirSync(specsDir).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length)).filter((n) => !only || only.includes(n)).sort();
const results: Result[] = names.map((name) => {
  const spec = JSON.parse(readFileSync(join(specsDir, `${name}.vl.json`), 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify(spec);
  return { name, id: '', converted: convertSpec(name, spec, datasetsDir), spec, selection: /"select"\s*:/.test(text) };
});
for (const r of results) r.id = r.converted.id;

// --- build in batches -------------------------------------------------------

function writeBatch(root: string, batch: Result[]): void {
  rmSync(root, { recursive: true, force: true });
  cpSync(join(REPO, 'tests/fixtures/minimal'), root, { recursive: true });
  for (const r of batch) {
    if (!r.converted.ok) continue;
    writeFileSync(join(root, 'content/charts', `${r.id}.vl.json`), `${JSON.stringify(r.converted.spec, null, 2)}\n`);
    for (const d of r.converted.datasets) {
      writeFileSync(join(root, 'data', d.file), d.text);
      if (d.schema) writeFileSync(join(root, 'data', d.schema.file), d.schema.text);
    }
  }
  const charts = batch.map((r) => `<Chart id="${r.id}" />`).join('\n\n');
  writeFileSync(join(root, 'content/chapters/gallery.mdx'), `---\ntitle: Gallery\norder: 5\nkind: appendix\n---\n\n${charts}\n`);
}

/** Check and render the batch's charts in a child process; charts with problems or that crash it are dropped. */
function prescreen(root: string, batch: Result[]): Result[] {
  let pending = batch.filter((r) => r.converted.ok);
  for (let attempt = 0; pending.length > 0 && attempt < 20; attempt++) {
    writeBatch(root, pending);
    const run = spawnSync(process.execPath, [join(REPO, 'bench/gallery-prescreen.ts'), root], { cwd: REPO, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    const lines = run.stdout.split('\n');
    const failed = new Set<Result>();
    for (const line of lines) {
      const m = /^problem (\S+) (.*)$/.exec(line);
      if (!m) continue;
      const r = m[1]!.startsWith('file:data/') ? pending.filter((x) => x.converted.ok && x.converted.datasets.some((d) => m[1]!.includes(d.file) || m[1]!.includes(d.schema?.file ?? '\0'))) : pending.filter((x) => x.id === m[1]);
      for (const x of r) { x.failure ??= m[2]!.slice(0, 300); failed.add(x); }
    }
    if (run.status !== 0) {
      // Killed mid-chart (a panic, or the time limit): the last chart started is the culprit.
      const last = lines.filter((l) => l.startsWith('start ')).pop()?.slice(6);
      const culprit = pending.find((x) => x.id === last && !lines.includes(`ok ${last}`));
      if (culprit) { culprit.failure = `the build process died rendering it (${run.signal ?? `exit ${run.status}`})`; failed.add(culprit); }
      else if (failed.size === 0) { for (const x of pending) x.failure = `prescreen failed: ${run.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`; return []; }
    }
    if (failed.size === 0) return pending;
    pending = pending.filter((x) => !failed.has(x));
    if (run.status === 0) return pending;
  }
  return pending;
}

/**
 * Build the batch; drop charts named in the problems (or halve the batch when none is named) until it builds.
 * Each half is built in a folder of its own (`<root>-a`, `<root>-b`): a batch whose halves build but whose
 * whole does not (a page over the size limit names no chart) keeps every chart's files. Returns the sites built.
 */
function buildBatch(root: string, batch: Result[]): { root: string; batch: Result[] }[] {
  let pending = batch.filter((r) => r.converted.ok);
  for (const r of pending) r.published = false;
  for (let attempt = 0; pending.length > 0 && attempt < 12; attempt++) {
    writeBatch(root, pending);
    const run = spawnSync(process.execPath, [join(REPO, 'scripts/build.ts')], { cwd: REPO, env: { ...process.env, REPORT_ROOT: root }, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
    if (run.status === 0) {
      for (const r of pending) r.published = true;
      return [{ root, batch: pending }];
    }
    const output = `${run.stderr}\n${run.stdout}`;
    const named = pending.filter((r) => output.includes(`content/charts/${r.id}.vl.json`));
    // A dataset's problem fails every chart that reads it.
    const byData = pending.filter((r) => r.converted.ok && r.converted.datasets.some((d) => output.includes(`data/${d.file}`) || (d.schema && output.includes(`data/${d.schema.file}`))));
    const failed = [...new Set([...named, ...byData])];
    if (failed.length > 0) {
      for (const r of failed) {
        const lines = output.split('\n').filter((l) => l.includes(`content/charts/${r.id}.vl.json`) || (r.converted.ok && r.converted.datasets.some((d) => l.includes(`data/${d.file}`))));
        r.failure = (lines[0] ?? output.trim().split('\n')[0] ?? `exit ${run.status}`).slice(0, 300);
      }
      pending = pending.filter((r) => !failed.includes(r));
      continue;
    }
    if (pending.length === 1) {
      pending[0]!.failure = `build failed without naming the chart: ${(run.signal ?? output.trim().split('\n').slice(-3).join(' ')).slice(0, 300)}`;
      return [];
    }
    // Nothing named (a crash, or a page over its size limit): build each half on its own.
    const half = Math.ceil(pending.length / 2);
    return [...buildBatch(`${root}-a`, pending.slice(0, half)), ...buildBatch(`${root}-b`, pending.slice(half))];
  }
  return [];
}

// --- browser ----------------------------------------------------------------

async function checkInBrowser(sites: { root: string; batch: Result[] }[]): Promise<void> {
  const browser = await launchChromium();
  try {
    for (const { root, batch } of sites) {
      const published = batch.filter((r) => r.published);
      if (published.length === 0) continue;
      const server = await serveDir(join(root, 'dist'));
      for (const r of published) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const warnings: string[] = [];
        page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
        try {
          await page.goto(`${server.url}/embed/${r.id}/`);
          const state = await page.waitForFunction(() => {
            const s = document.querySelector<HTMLElement>('figure[data-chart]')?.dataset.interactive;
            return s === 'ready' || s === 'failed' ? s : undefined;
          }, null, { timeout: 20_000 }).then((h) => h.jsonValue()).catch(() => 'timeout');
          r.interactive = state === 'ready';
          if (!r.interactive) r.interactiveFailure = `${state}: ${warnings[0] ?? ''}`.slice(0, 300);
          // The frame holds the live chart, or the static SVG whose point selection works without Vega.
          r.staticSelection = await page.locator('figure[data-chart][data-selection]').count() > 0;
          if (r.interactive && r.selection) r.responds = await interact(page, '.chart-frame');
        } finally {
          await page.close();
        }
      }
      await server.close();
    }
    // Plain vega-embed on the unmodified spec, for the selection examples.
    const embedRoot = join(WORK, 'vega-embed');
    rmSync(embedRoot, { recursive: true, force: true });
    mkdirSync(embedRoot, { recursive: true });
    for (const file of ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js']) cpSync(join(REPO, 'node_modules', file), join(embedRoot, file.split('/').pop()!));
    cpSync(datasetsDir, join(embedRoot, 'data'), { recursive: true });
    writeFileSync(join(embedRoot, 'index.html'), '<!doctype html><meta charset="utf-8"><div id="vis"></div><script src="vega.min.js"></script><script src="vega-lite.min.js"></script><script src="vega-embed.min.js"></script>');
    const server = await serveDir(embedRoot);
    for (const r of results.filter((x) => x.selection)) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await page.goto(`${server.url}/index.html`);
        const spec = JSON.parse(JSON.stringify(r.spec).replaceAll('https://cdn.jsdelivr.net/npm/vega-datasets@v1.29.0/', ''));
        await page.evaluate(async (s) => { await (window as unknown as { vegaEmbed: (el: string, spec: unknown, opts: unknown) => Promise<unknown> }).vegaEmbed('#vis', s, { renderer: 'svg', actions: false }); }, spec);
        await page.waitForTimeout(200);
        r.respondsInVegaEmbed = await interact(page, '#vis');
      } catch {
        r.respondsInVegaEmbed = false;
      } finally {
        await page.close();
      }
    }
    await server.close();
  } finally {
    await browser.close();
  }
}

// --- run --------------------------------------------------------------------

log(`${results.length} specs, ${results.filter((r) => r.converted.ok).length} converted; building in batches of ${BATCH}`);
mkdirSync(WORK, { recursive: true });
const sites: { root: string; batch: Result[] }[] = [];
for (let i = 0; i < results.length; i += BATCH) {
  const batch = results.slice(i, i + BATCH);
  const root = join(WORK, `batch-${String(i / BATCH).padStart(2, '0')}`);
  const built = buildBatch(root, prescreen(root, batch));
  const published = batch.filter((r) => r.published);
  sites.push(...built);
  log(`batch ${i / BATCH + 1}: ${published.length} of ${batch.length} published`);
}
for (const r of results.filter((x) => x.published)) {
  const root = sites.find((s) => s.batch.includes(r))!.root;
  const reference = join(examples, 'compiled', `${r.name}.svg`);
  if (!existsSync(reference)) continue;
  try {
    r.sameMarks = JSON.stringify(markSignature(readFileSync(join(root, 'dist/charts', `${r.id}.svg`), 'utf8'))) === JSON.stringify(markSignature(readFileSync(reference, 'utf8')));
  } catch {
    r.sameMarks = false;
  }
}
// Where the reference differs, compare with plain Vega on the unmodified spec over vega-datasets, in UTC.
for (const r of results.filter((x) => x.published)) {
  if (r.sameMarks) { r.sameMarksUtc = true; continue; }
  const root = sites.find((s) => s.batch.includes(r))!.root;
  try {
    const spec = JSON.parse(JSON.stringify(r.spec).replaceAll('https://cdn.jsdelivr.net/npm/vega-datasets@v1.29.0/', '')) as TopLevelSpec;
    const view = new View(parseVega(compile(spec).spec), { renderer: 'none', loader: loader({ baseURL: `${join(datasetsDir, '..')}/`, mode: 'file' }) });
    const plain = await view.toSVG();
    view.finalize();
    r.sameMarksUtc = JSON.stringify(markSignature(readFileSync(join(root, 'dist/charts', `${r.id}.svg`), 'utf8'))) === JSON.stringify(markSignature(plain));
  } catch {
    r.sameMarksUtc = false;
  }
}
if (!args.includes('--no-browser')) await checkInBrowser(sites);

const count = (f: (r: Result) => boolean | undefined) => results.filter((r) => f(r)).length;
const selections = results.filter((r) => r.selection);
console.log(`
| | count |
|---|---:|
| gallery specs | ${results.length} |
| could be expressed in this generator's format | ${count((r) => r.converted.ok)} |
| publish (the site builds with the chart in it) | ${count((r) => r.published)} |
| static SVG has the same marks as Vega's own reference rendering | ${count((r) => r.sameMarks)} |
| ... or as plain Vega rendering the unmodified spec in UTC | ${count((r) => r.sameMarksUtc)} |
| become interactive in Chromium | ${count((r) => r.interactive)} |
| specs with selection params where one interaction changes the chart | ${count((r) => r.selection && r.responds)} of ${selections.length} (plain vega-embed: ${count((r) => r.selection && r.respondsInVegaEmbed)}) |
| selection specs whose selection works without loading Vega (of them, responding) | ${count((r) => r.selection && r.staticSelection)} (${count((r) => r.selection && r.responds && r.staticSelection)}) |
`);
const report = results.map((r) => ({
  name: r.name,
  expressible: r.converted.ok ? true : r.converted.reason,
  published: r.published ?? false,
  failure: r.failure,
  sameMarks: r.sameMarks,
  sameMarksUtc: r.sameMarksUtc,
  interactive: r.interactive,
  interactiveFailure: r.interactiveFailure,
  responds: r.responds,
  respondsInVegaEmbed: r.respondsInVegaEmbed,
  staticSelection: r.staticSelection,
}));
writeFileSync(join(WORK, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
log(`details per spec: ${join(WORK, 'results.json')}`);
