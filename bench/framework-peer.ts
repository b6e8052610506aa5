/**
 * `npm run bench:framework`: our build side by side with Observable Framework's
 * on the same synthetic report: the same chapters (one page each for Framework,
 * whose reports are multi-page), the same prose, the same CSVs, one chart per
 * <Chart> drawn with Observable Plot. Cold build (caches cleared) and warm
 * build (nothing changed), wall time and peak memory (GNU time), at 10, 100 and
 * 1,000 charts by default, and the growth factor from 100 to 1,000.
 *
 *   npm run bench:framework -- [--charts 10,100,1000] [--no-write]
 *
 * Framework comes from npm, installed once under bench/.output/framework-tool
 * (not a dependency of the project); the one module its pages would fetch from a
 * CDN is bundled from node_modules instead (see stockNpmCache). Writes its table into BENCHMARKS.md
 * between the framework-peer markers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from './generate-synthetic.ts';
import { BUILD_NODE_FLAGS, clearCaches, REPO } from './measure-build.ts';

const FRAMEWORK_VERSION = '1.13.4';
const OUT = join(REPO, 'bench/.output');
const TOOL = join(OUT, 'framework-tool');
const GNU_TIME = '/usr/bin/time';
const args = process.argv.slice(2);
const option = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const SIZES = (option('--charts') ?? '10,100,1000').split(',').map(Number);

interface Run {
  seconds: number;
  peakMb: number;
  ok: boolean;
}

/** Run a command under GNU time: wall seconds and the largest process's max RSS. */
async function timed(command: string, commandArgs: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const timeFile = join(await mkdtemp(join(tmpdir(), 'peer-time-')), 'time.txt');
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(GNU_TIME, ['-v', '-o', timeFile, command, ...commandArgs], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('close', (c) => {
      if (c !== 0) console.error(stderr);
      resolve(c ?? 1);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(await readFile(timeFile, 'utf8').catch(() => ''));
  return { seconds, peakMb: rss ? Number(rss[1]) / 1024 : NaN, ok: code === 0 };
}

async function installFramework(): Promise<string> {
  const bin = join(TOOL, 'node_modules/@observablehq/framework/dist/bin/observable.js');
  if (!existsSync(join(TOOL, 'node_modules/@observablehq/plot'))) {
    await mkdir(TOOL, { recursive: true });
    await writeFile(join(TOOL, 'package.json'), JSON.stringify({ name: 'framework-tool', private: true, type: 'module' }));
    // Plot and d3-dsv from node_modules: Framework would otherwise fetch npm: imports from a CDN, which this machine cannot reach.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `@observablehq/framework@${FRAMEWORK_VERSION}`, '@observablehq/plot', 'd3-dsv'], { cwd: TOOL, stdio: 'inherit' });
  }
  return bin;
}

interface Encoding {
  mark: string;
  x?: string;
  y?: string;
  color?: string;
}

/** The chart as Plot marks: the mark type and the x, y and colour fields of the Vega-Lite spec. */
function plotOf(spec: Record<string, unknown>): Encoding {
  const mark = typeof spec.mark === 'string' ? spec.mark : ((spec.mark as { type?: string } | undefined)?.type ?? 'point');
  const enc = (spec.encoding ?? {}) as Record<string, { field?: string } | undefined>;
  return { mark, x: enc.x?.field, y: enc.y?.field, color: enc.color?.field };
}

const PLOT_MARK: Record<string, string> = { bar: 'barY', line: 'lineY', point: 'dot', area: 'areaY', tick: 'tickY', rule: 'ruleY' };

/** A Framework project holding the same report: a page per chapter, the same CSVs, a Plot chart per <Chart>. */
async function writeFrameworkProject(report: string, project: string): Promise<void> {
  await rm(project, { recursive: true, force: true });
  await mkdir(join(project, 'src/data'), { recursive: true });
  for (const file of await readdir(join(report, 'data'))) {
    if (file.endsWith('.csv')) await writeFile(join(project, 'src/data', file), await readFile(join(report, 'data', file)));
  }
  const chapters = (await readdir(join(report, 'content/chapters'))).filter((f) => f.endsWith('.mdx')).sort();
  const pages: string[] = [];
  for (const file of chapters) {
    const text = await readFile(join(report, 'content/chapters', file), 'utf8');
    const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const title = /^title: (.*)$/m.exec(front)?.[1] ?? file;
    const blocks: string[] = [`# ${title}`, '```js', 'import * as Plot from "@observablehq/plot";', '```'];
    for (const part of body.split(/(<Chart id="[^"]+" \/>)/)) {
      const chart = /<Chart id="([^"]+)" \/>/.exec(part);
      if (!chart) {
        // Prose; components become their plain text (Framework has no <Value>).
        blocks.push(part.replace(/<[A-Z][^>]*\/>/g, '').trim());
        continue;
      }
      const spec = JSON.parse(await readFile(join(report, 'content/charts', `${chart[1]}.vl.json`), 'utf8')) as Record<string, unknown>;
      const dataset = /data\/([^/]+)\.csv$/.exec(String((spec.data as { url?: string }).url))![1]!;
      const { mark, x, y, color } = plotOf(spec);
      const channels = [x && `x: ${JSON.stringify(x)}`, y && `y: ${JSON.stringify(y)}`, color && `stroke: ${JSON.stringify(color)}`].filter(Boolean).join(', ');
      blocks.push(`## ${String(spec.title)}`, '```js', `const ${chart[1]!.replace(/\W/g, '_')} = FileAttachment("data/${dataset}.csv").csv({typed: true});`, '```', '```js', `Plot.plot({marks: [Plot.${PLOT_MARK[mark] ?? 'dot'}(${chart[1]!.replace(/\W/g, '_')}, {${channels}, tip: true})]})`, '```');
    }
    const name = file.replace(/\.mdx$/, '');
    pages.push(name);
    await writeFile(join(project, 'src', `${name}.md`), `${blocks.join('\n\n')}\n`);
  }
  await writeFile(join(project, 'src/index.md'), `# Report\n\n${pages.map((p) => `- [${p}](./${p})`).join('\n')}\n`);
  await symlink(join(TOOL, 'node_modules'), join(project, 'node_modules'));
  await writeFile(join(project, 'observablehq.config.js'), `export default { title: "Synthetic report", root: "src" };\n`);
}

/**
 * Framework downloads each npm: import as one ES module from a CDN that this
 * machine cannot reach (the npm registry is reachable, and answers its version
 * lookups). A FileAttachment's .csv() imports d3-dsv, the one module our pages
 * need: bundle it from node_modules into the file Framework would have
 * downloaded. It stands in for the download, not for Framework's build work.
 */
async function stockNpmCache(project: string): Promise<void> {
  const { version } = JSON.parse(await readFile(join(TOOL, 'node_modules/d3-dsv/package.json'), 'utf8')) as { version: string };
  const entry = join(TOOL, 'd3-dsv-entry.js');
  await writeFile(entry, 'export * from "d3-dsv";\n');
  const out = join(project, `src/.observablehq/cache/_npm/d3-dsv@${version}/_esm.js`);
  execFileSync(join(TOOL, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--format=esm', `--outfile=${out}`, '--log-level=warning'], { stdio: 'inherit' });
}

interface Row {
  charts: number;
  ours: { cold: Run; warm: Run };
  framework: { cold: Run; warm: Run };
}

const bin = await installFramework();
const rows: Row[] = [];
for (const charts of SIZES) {
  const chapters = Math.max(2, Math.round(charts / 10));
  const report = join(OUT, `peer-${charts}`);
  await rm(report, { recursive: true, force: true });
  await generateSynthetic(report, { chapters, charts, rows: 200, seed: 7 });
  const project = join(OUT, `peer-${charts}-framework`);
  await writeFrameworkProject(report, project);

  await clearCaches(report);
  const env: NodeJS.ProcessEnv = { ...process.env, REPORT_ROOT: report };
  delete env.OUT_DIR;
  const oursCold = await timed(process.execPath, [...BUILD_NODE_FLAGS, join(REPO, 'scripts/build.ts')], REPO, env);
  const oursWarm = await timed(process.execPath, [...BUILD_NODE_FLAGS, join(REPO, 'scripts/build.ts')], REPO, env);
  await rm(join(project, 'dist'), { recursive: true, force: true });
  await rm(join(project, 'src/.observablehq'), { recursive: true, force: true });
  await stockNpmCache(project);
  const fwCold = await timed(process.execPath, [bin, 'build'], project);
  const fwWarm = await timed(process.execPath, [bin, 'build'], project);
  rows.push({ charts, ours: { cold: oursCold, warm: oursWarm }, framework: { cold: fwCold, warm: fwWarm } });
  console.log(`${charts} charts: ours cold ${oursCold.seconds.toFixed(1)} s / ${Math.round(oursCold.peakMb)} MB, warm ${oursWarm.seconds.toFixed(1)} s; Framework cold ${fwCold.seconds.toFixed(1)} s / ${Math.round(fwCold.peakMb)} MB, warm ${fwWarm.seconds.toFixed(1)} s`);
}

const cell = (r: Run) => (r.ok ? `${r.seconds.toFixed(1)} s, ${Math.round(r.peakMb)} MB` : 'failed');
const lines = [
  '<!-- framework-peer:start -->',
  `Same synthetic report (a tenth as many chapters as charts, 200 rows per dataset) built by this generator and by Observable Framework ${FRAMEWORK_VERSION} (charts with Plot, drawn in the browser); wall time and peak RSS of the largest process (GNU time). \`npm run bench:framework\`.`,
  '',
  '| charts | ours cold | ours warm | Framework cold | Framework warm | ours ÷ Framework (cold) |',
  '| ---: | --- | --- | --- | --- | ---: |',
  ...rows.map((r) => `| ${r.charts} | ${cell(r.ours.cold)} | ${cell(r.ours.warm)} | ${cell(r.framework.cold)} | ${cell(r.framework.warm)} | ${(r.ours.cold.seconds / r.framework.cold.seconds).toFixed(2)}× |`),
];
const hundred = rows.find((r) => r.charts === 100);
const thousand = rows.find((r) => r.charts === 1000);
if (hundred && thousand) lines.push('', `Growth from 100 to 1,000 charts (10× the charts): ours ${(thousand.ours.cold.seconds / hundred.ours.cold.seconds).toFixed(1)}× time and ${(thousand.ours.cold.peakMb / hundred.ours.cold.peakMb).toFixed(1)}× memory; Framework ${(thousand.framework.cold.seconds / hundred.framework.cold.seconds).toFixed(1)}× time and ${(thousand.framework.cold.peakMb / hundred.framework.cold.peakMb).toFixed(1)}× memory.`);
lines.push('<!-- framework-peer:end -->');
const section = lines.join('\n');
console.log(`\n${section}`);
if (!args.includes('--no-write')) {
  const path = join(REPO, 'BENCHMARKS.md');
  const current = await readFile(path, 'utf8');
  const next = /<!-- framework-peer:start -->[\s\S]*<!-- framework-peer:end -->/.test(current)
    ? current.replace(/<!-- framework-peer:start -->[\s\S]*<!-- framework-peer:end -->/, section)
    : `${current.trimEnd()}\n\n## Side by side with Observable Framework\n\n${section}\n`;
  await writeFile(path, next);
}
