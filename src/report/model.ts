/**
 * One report model per build, and per change in `astro dev`: the whole report
 * loaded and checked once (checkReport), then shared by the pre-check in
 * scripts/build.ts, the Astro loaders and the dev-mode problem display.
 *
 * The build script and Astro's loaders are the same Node process but not the
 * same module instances (Vite loads src/ again for the content layer), so the
 * models live in one registry on globalThis, keyed by the report's folder.
 * A model is reused while the report's files are unchanged: their paths,
 * sizes and modification times are its fingerprint.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkReport, type CheckedReport } from './check-report.ts';

interface Entry {
  fingerprint: string;
  model: Promise<CheckedReport>;
}

const REGISTRY = Symbol.for('research-report.models');
const COUNTS = Symbol.for('research-report.work-counts');

type Global = typeof globalThis & { [REGISTRY]?: Map<string, Entry>; [COUNTS]?: WorkCounts };

/** The report's inputs: what the model is built from. */
const INPUTS = ['content', 'data'];

async function fingerprint(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await stat(join(root, path)).catch(() => undefined);
        hash.update(`${path}\0${info?.size}\0${info?.mtimeMs}\n`);
      }
    }
  };
  for (const dir of INPUTS) await walk(dir);
  return hash.digest('hex');
}

/**
 * The checked report for `root`, loaded at most once while its files stay the same.
 * `trust`: take the model already loaded without looking at the files again (a build's
 * pages, after its pre-check: thousands of lookups must not each stat every file).
 */
export async function loadReportModel(folder: string, options: { trust?: boolean } = {}): Promise<CheckedReport> {
  // "/work/report/" from a file URL and "/work/report" from the shell are one report.
  const root = resolve(folder);
  const registry = ((globalThis as Global)[REGISTRY] ??= new Map());
  const loaded = registry.get(root);
  if (options.trust && loaded) return loaded.model;
  const current = await fingerprint(root);
  if (loaded?.fingerprint === current) return loaded.model;
  const model = checkReport(root);
  registry.set(root, { fingerprint: current, model });
  return model;
}

/** How much work one process did: what a warm build should not repeat. */
export interface WorkCounts {
  datasetsRead: number;
  chartsCompiled: number;
  svgsRendered: number;
}

/** The process's work counters (shared by every module instance). */
export function workCounts(): WorkCounts {
  return ((globalThis as Global)[COUNTS] ??= { datasetsRead: 0, chartsCompiled: 0, svgsRendered: 0 });
}
