/**
 * A pool of child processes that do the build's risky, CPU-heavy work:
 * rendering charts, build-time transforms and rasterising PNGs
 * (render-worker.ts). A spec is code, and code can loop forever (a ReDoS
 * regex in a filter) or crash its process (a resvg panic aborts, whatever
 * catches it): in a child, a job past its time limit is killed and a crash
 * kills only the child, and either becomes a RenderFailure naming the job.
 * Two children by default, one per core of a small machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Spec as VegaSpec } from 'vega';
import type { RenderOptions, RenderResult } from '../pipeline/render-chart.ts';
import type { RenderJob } from './render-worker.ts';
import type { TypedRow } from '../pipeline/validate-rows.ts';

/** How long one job may take (ms); RENDER_TIMEOUT_MS overrides it (tests use a short one). */
export const RENDER_TIMEOUT_MS = Number(process.env.RENDER_TIMEOUT_MS) || 30_000;
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));
// Loading Vega and the fonts in a new child; not part of any job's time.
const STARTUP_TIMEOUT_MS = 120_000;
// Inside Astro's bundled pages import.meta.url is a chunk, not this file: astro.config.mjs names the worker.
const WORKER_FILE = 'render-worker.ts';
const WORKER = process.env.REPORT_RENDER_WORKER ?? fileURLToPath(new URL(WORKER_FILE, import.meta.url));

/** A job that ran out of time or whose process died. */
export class RenderFailure extends Error {
  readonly reason: 'timeout' | 'crash' | 'error';
  constructor(message: string, reason: 'timeout' | 'crash' | 'error') {
    super(message);
    this.reason = reason;
  }
}

interface Task {
  job: RenderJob;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class Pool {
  private idle: ChildProcess[] = [];
  private running = 0;
  private queue: Task[] = [];
  private nextId = 0;

  run(job: RenderJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < POOL_SIZE) {
      const task = this.queue.shift()!;
      this.running++;
      void this.start(task);
    }
  }

  /** A new child, once it has loaded; undefined (and the task rejected) when it cannot start. */
  private async spawn(task: Task): Promise<ChildProcess | undefined> {
    // The pinned Node runs the TypeScript worker directly; none of the parent's flags (vitest's loaders) are wanted.
    const child = fork(WORKER, [], { execPath: process.execPath, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), STARTUP_TIMEOUT_MS);
      child.once('message', () => (clearTimeout(timer), resolve(true)));
      child.once('exit', () => (clearTimeout(timer), resolve(false)));
    });
    child.stderr?.removeAllListeners('data');
    if (ready) {
      // A child that dies while idle (killed from outside) is not handed another job.
      child.on('exit', () => (this.idle = this.idle.filter((c) => c !== child)));
      return child;
    }
    child.kill('SIGKILL');
    const last = stderr.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-1)[0];
    task.reject(new RenderFailure(`the renderer did not start${last ? ` (${last})` : ''}`, 'crash'));
    return undefined;
  }

  private async start(task: Task): Promise<void> {
    const child = this.idle.pop() ?? (await this.spawn(task));
    if (!child) {
      this.running--;
      this.pump();
      return;
    }
    for (const handle of [child, child.channel, child.stderr] as ({ ref?: () => void } | null | undefined)[]) handle?.ref?.();
    const id = this.nextId++;
    let stderr = '';
    const onStderr = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    };
    child.stderr?.on('data', onStderr);
    const done = (keep: boolean) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.stderr?.off('data', onStderr);
      if (keep) {
        // An idle child must not keep the build (or a test run) alive.
        for (const handle of [child, child.channel, child.stderr] as ({ unref?: () => void } | null | undefined)[]) handle?.unref?.();
        this.idle.push(child);
      } else child.kill('SIGKILL');
      this.running--;
      this.pump();
    };
    const onMessage = (message: { id: number; ok: boolean; result?: unknown; error?: string; ms?: number }) => {
      if (message.id !== id) return;
      done(true);
      const stats = (poolStats()[task.job.kind === 'png' ? `png ${task.job.scale}×` : task.job.kind] ??= { jobs: 0, ms: 0 });
      stats.jobs++;
      stats.ms += message.ms ?? 0;
      if (message.ok) task.resolve(message.result);
      else task.reject(new RenderFailure(message.error ?? 'unknown error', 'error'));
    };
    const onExit = (code: number | null, signal: string | null) => {
      done(false);
      // A panic's last words (resvg prints them before aborting) say more than the signal.
      const last = stderr.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-1)[0];
      task.reject(new RenderFailure(`the renderer crashed (${signal ?? `exit code ${code}`}${last ? `: ${last}` : ''})`, 'crash'));
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      done(false);
      task.reject(new RenderFailure(`no result after ${RENDER_TIMEOUT_MS / 1000} s (stopped)`, 'timeout'));
    }, RENDER_TIMEOUT_MS);
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ id, job: task.job });
  }
}

// One pool per process: Astro loads this module more than once (content loaders, bundled pages).
const POOL_KEY = Symbol.for('research-report.render-pool');
const STATS_KEY = Symbol.for('research-report.pool-stats');

/** Jobs the pool finished in this process and the time the children spent on them, by kind (`npm run build -- --stats`). */
export function poolStats(): Record<string, { jobs: number; ms: number }> {
  const global = globalThis as { [STATS_KEY]?: ReturnType<typeof poolStats> };
  return (global[STATS_KEY] ??= {});
}
function pool(): Pool {
  const global = globalThis as { [POOL_KEY]?: Pool };
  return (global[POOL_KEY] ??= new Pool());
}

/** Render a Vega spec to SVG in the pool, with what it drew (`tooltips`: on the marks, for the page's SVGs). */
export function renderSvgInPool(spec: VegaSpec, prefix: string, options: RenderOptions = {}): Promise<RenderResult> {
  return pool().run({ kind: 'svg', spec, prefix, options }) as Promise<RenderResult>;
}

/** Rasterise an SVG to PNG in the pool. */
export async function renderPngInPool(svg: string, scale: number): Promise<Uint8Array> {
  return (await pool().run({ kind: 'png', svg, scale })) as Uint8Array;
}

/** Run Vega-Lite transforms over rows in the pool. */
export function runTransformsInPool(rows: TypedRow[], transform: unknown[]): Promise<TypedRow[]> {
  return pool().run({ kind: 'transforms', rows, transform }) as Promise<TypedRow[]>;
}
