/**
 * Build a site folder with `node scripts/build.ts` as a child process and measure
 * wall time, peak memory and Astro's stage timings; cold, warm, and after one CSV changed.
 *
 * Peak memory: with GNU time (`/usr/bin/time -v`), its "Maximum resident set size":
 * the peak RSS of the largest single process of the build (node; esbuild's helper
 * process is far smaller). Without it, /proc/<pid>/status is polled every 50 ms and
 * the peak of the summed VmRSS of the process tree is reported (max VmHWM if larger).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';

export const REPO = resolve(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';

export interface BuildRun {
  ok: boolean;
  exitCode: number | null;
  /** Wall-clock seconds of the whole `node scripts/build.ts` process (start-up, check, Astro, swap). */
  seconds: number;
  peakRssMB: number;
  memoryMethod: string;
  /** Seconds per stage, from Astro's info log and build.ts's own summary. */
  stages: Record<string, number>;
  timedOut: boolean;
  /** The machine's 1-minute load average when the build started (about 1 when only the bench runs). */
  loadBefore: number;
  /** The last lines of stderr/stdout on failure. */
  tail: string;
}

export interface BuildOptions {
  outDir?: string;
  /** Write V8 CPU profiles of the build process into this folder. */
  cpuProfDir?: string;
  timeoutMs?: number;
  /** Extra flags for node (e.g. --max-old-space-size). */
  nodeFlags?: string[];
  /** Extra environment for the build. */
  env?: Record<string, string>;
}

export function memoryMethod(): string {
  return existsSync(GNU_TIME) ? 'GNU time -v: max RSS of the largest process' : 'polled /proc VmRSS sum of the process tree (50 ms)';
}

/**
 * Delete what makes a build warm: the site's .astro/, its node_modules/ (Astro's data
 * store, Vite's cache), .build-state/ (the generator's own caches, e.g. rendered PNGs),
 * .cache/ (DuckDB's database and loader outputs) and dist/.
 */
export async function clearCaches(root: string, outDir = join(root, 'dist')): Promise<void> {
  for (const p of [join(root, '.astro'), join(root, 'node_modules'), join(root, '.build-state'), join(root, '.cache'), outDir]) await rm(p, { recursive: true, force: true });
}

/** Astro's durations: "382ms", "12.24s", "1m 40s", "2m". */
function seconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([\d.]+)(ms|m|s)\b/g)) total += Number(m[1]) * (m[2] === 'ms' ? 0.001 : m[2] === 'm' ? 60 : 1);
  return total;
}

const DURATION = '((?:[\\d.]+(?:ms|m|s)\\b\\s*)+)';

export function parseStages(log: string): Record<string, number> {
  const stages: Record<string, number> = {};
  const find = (re: string) => {
    const m = new RegExp(re).exec(log);
    return m ? seconds(m[1]!) : undefined;
  };
  // "[types] Generated 2.62s": content sync (loaders: datasets, charts, SVG rendering) + type generation.
  const sync = find(`\\[types\\] Generated ${DURATION}`);
  if (sync !== undefined) stages.contentSync = sync;
  stages.bundle = [...log.matchAll(new RegExp(`\\[vite\\] ✓ built in ${DURATION}`, 'g'))].reduce((a, m) => a + seconds(m[1]!), 0);
  const routes = find(`generating static routes[\\s\\S]*?✓ Completed in ${DURATION}`);
  if (routes !== undefined) stages.renderPages = routes;
  const astro = find(`page\\(s\\) built in ${DURATION}`);
  if (astro !== undefined) stages.astroTotal = astro;
  // build.ts's own summary: "... into <dir> in 12.3 s".
  const total = /into .* in ([\d.]+) s\b/.exec(log);
  if (total) stages.scriptTotal = Number(total[1]);
  if (astro !== undefined && total) stages.checkAndSwap = Math.max(0, Number(total[1]) - astro);
  return stages;
}

/** Sum of VmRSS over a process and its descendants, and the largest VmHWM among them (kB). */
async function treeMemory(pid: number): Promise<{ rss: number; hwm: number }> {
  const children = new Map<number, number[]>();
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(Number(name));
  }
  let rss = 0;
  let hwm = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    stack.push(...(children.get(p) ?? []));
  }
  return { rss, hwm };
}

/** The Node flags `npm run build` uses (package.json's build script), so the bench measures the same process. */
export const BUILD_NODE_FLAGS: string[] = (() => {
  const script = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { build: string } }).scripts.build;
  return /^node((?: --[\w-]+(?:=\S+)?)*) scripts\/build\.ts$/.exec(script)![1]!.trim().split(/\s+/).filter(Boolean);
})();

/** Run one build of `root` (a site folder inside the repo) and measure it. */
export async function runBuild(root: string, options: BuildOptions = {}): Promise<BuildRun> {
  const site = resolve(root);
  if (site === REPO) throw new Error('refusing to build the repository root itself; build a copy under bench/.output/');
  const useTime = existsSync(GNU_TIME);
  const timeFile = useTime ? join(await mkdtemp(join(tmpdir(), 'bench-time-')), 'time.txt') : '';
  const nodeArgs = [...BUILD_NODE_FLAGS, ...(options.nodeFlags ?? []), ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), join(REPO, 'scripts/build.ts')];
  const [command, args] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const env: NodeJS.ProcessEnv = { ...process.env, REPORT_ROOT: site, ASTRO_LOG_LEVEL: 'info', FORCE_COLOR: '0', NO_COLOR: '1', ...options.env };
  if (options.outDir) env.OUT_DIR = options.outDir;
  else delete env.OUT_DIR;

  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  let polledPeak = 0;
  let polledHwm = 0;
  const poller = useTime
    ? undefined
    : setInterval(() => {
        treeMemory(child.pid!).then(({ rss, hwm }) => {
          polledPeak = Math.max(polledPeak, rss);
          polledHwm = Math.max(polledHwm, hwm);
        }, () => {});
      }, 50);
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs)
    : undefined;
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const seconds = (performance.now() - started) / 1000;
  if (poller) clearInterval(poller);
  if (timer) clearTimeout(timer);
  // With GNU time in front, the build's exit code is in its report ("Exit status").
  let peakKb = Math.max(polledPeak, polledHwm);
  if (useTime) {
    const report = await readFile(timeFile, 'utf8').catch(() => '');
    peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? 0);
    if (/Command terminated by signal/.test(report)) log += `\n${report.split('\n')[0]}`;
    await rm(resolve(timeFile, '..'), { recursive: true, force: true });
  }
  const ok = exitCode === 0 && !timedOut;
  return {
    ok,
    exitCode,
    seconds,
    peakRssMB: peakKb / 1024,
    memoryMethod: memoryMethod(),
    stages: parseStages(log),
    timedOut,
    loadBefore,
    tail: ok ? '' : log.split('\n').filter((l) => !/├─|└─/.test(l)).slice(-15).join('\n'),
  };
}

/**
 * Change one number in a CSV (the first row's `column`, moved by 1 towards 50),
 * keeping it valid for percent/count columns. Returns a description of the change.
 */
export async function bumpCsvCell(file: string, column: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const index = header!.indexOf(column);
  const row = rows.find((r) => r[index] !== '' && Number.isFinite(Number(r[index])));
  if (index === -1 || !row) throw new Error(`${file}: no numeric column ${column}`);
  const before = Number(row[index]);
  const after = before < 50 ? before + 1 : before - 1;
  row[index] = String(after);
  await writeFile(file, `${Papa.unparse([header!, ...rows], { newline })}${newline}`);
  return `${column} ${before} -> ${after} in ${row[0]}`;
}

export interface SiteBuildNumbers {
  /** The median run of each mode (by wall time). */
  cold: BuildRun;
  warm?: BuildRun;
  csvChange?: BuildRun;
  csvChanged?: string;
  /** Wall seconds of every repetition, per mode. */
  seconds: { cold: number[]; warm: number[]; csvChange: number[] };
  /** Highest 1-minute load average seen at the start of any of these builds. */
  maxLoadBefore: number;
}

function medianRun(runs: BuildRun[]): BuildRun | undefined {
  if (runs.length === 0) return undefined;
  if (runs.some((r) => !r.ok)) return runs.find((r) => !r.ok);
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)];
}

/**
 * `reps` times: cold build (caches and dist deleted), warm build (nothing changed),
 * then a rebuild after one CSV cell changed. Each mode reports its median run.
 */
export async function measureSiteBuilds(root: string, csv: { file: string; column: string }, options: BuildOptions & { coldOnly?: boolean; reps?: number } = {}): Promise<SiteBuildNumbers> {
  const runs = { cold: [] as BuildRun[], warm: [] as BuildRun[], csvChange: [] as BuildRun[] };
  let csvChanged = '';
  for (let rep = 0; rep < (options.reps ?? 1); rep++) {
    await clearCaches(root, options.outDir);
    const cold = await runBuild(root, options);
    runs.cold.push(cold);
    if (!cold.ok || options.coldOnly) break;
    const warm = await runBuild(root, options);
    runs.warm.push(warm);
    csvChanged = `${csv.file}: ${await bumpCsvCell(join(root, csv.file), csv.column)}`;
    const csvChange = await runBuild(root, options);
    runs.csvChange.push(csvChange);
    if (!warm.ok || !csvChange.ok) break;
  }
  return {
    cold: medianRun(runs.cold)!,
    warm: medianRun(runs.warm),
    csvChange: medianRun(runs.csvChange),
    csvChanged,
    seconds: { cold: runs.cold.map((r) => r.seconds), warm: runs.warm.map((r) => r.seconds), csvChange: runs.csvChange.map((r) => r.seconds) },
    maxLoadBefore: Math.max(...[...runs.cold, ...runs.warm, ...runs.csvChange].map((r) => r.loadBefore)),
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by function. */
  functions: { name: string; ms: number; share: number }[];
  /** Self time by package (node_modules/<pkg>) or source folder. */
  modules: { name: string; ms: number; share: number }[];
  /** Inclusive time of the generator's own functions (time with the function on the stack; async callers lose their frames). */
  pipeline: { name: string; ms: number; share: number }[];
}

function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith('node:')) return 'node internals';
  const own = ownCode(path);
  if (own) return own;
  if (path.startsWith(REPO)) return path.slice(REPO.length + 1).split('/').slice(0, 2).join('/');
  return path.split('/').slice(-2).join('/');
}

/**
 * The generator's own code: src/ and scripts/ as loaded directly (the pre-check), or
 * bundled by Astro into the build's prerender chunks (`render-chart_<hash>.mjs`: src/pipeline/render-chart.ts).
 */
function ownCode(path: string): string | undefined {
  const chunk = /\.prerender\/(?:chunks\/)?([^/]+?)(?:[_.][\w-]{8})?\.mjs$/.exec(path);
  if (chunk) return `bundled chunk: ${chunk[1]}`;
  if (path.startsWith(`${REPO}/src/`) || path.startsWith(`${REPO}/scripts/`)) return `generator: ${path.slice(REPO.length + 1)}`;
  return undefined;
}

/** Summarise every .cpuprofile in `dir` (one per thread): top self time by function and by module. */
export async function summariseProfiles(dir: string, top = 12): Promise<ProfileSummary> {
  const self = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const node = byId.get(id)!;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') return;
      total += ms;
      const path = url.replace(/^file:\/\//, '');
      const where = url ? ` ${(ownCode(path)?.replace(/^generator (\(bundled\))?:? ?/, '') ?? path.replace(`${REPO}/`, '').replace(/^.*\/node_modules\//, ''))}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'}${where}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      const mod = moduleOf(url, functionName);
      modules.set(mod, (modules.get(mod) ?? 0) + ms);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const frame = byId.get(cur)!.callFrame;
        const own = frame.functionName && ownCode(frame.url.replace(/^file:\/\//, ''));
        if (!own) continue;
        const name = `${frame.functionName} (${own.replace(/^generator (\(bundled\))?:? ?/, '')})`;
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    });
  }
  const rank = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return { totalMs: total, functions: rank(self, top), modules: rank(modules, top), pipeline: rank(inclusive, top) };
}
