/** Helpers for tests that build real sites: copy a fixture, run the build, hash a folder. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
export const OUTPUT = join(REPO, 'tests/.output');

/**
 * Copy a report to a fresh folder inside the repo, so `#schema` imports resolve:
 * "repository" is the repository's own report (content/ and data/); a fixture
 * named `report-*` is a whole report of its own; every other fixture holds only
 * the files it changes and is laid over `minimal`.
 */
export async function copySite(name: string, label = name): Promise<string> {
  const target = join(OUTPUT, 'sites', `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(target, { recursive: true });
  if (name === 'repository') {
    await cp(join(REPO, 'content'), join(target, 'content'), { recursive: true });
    await cp(join(REPO, 'data'), join(target, 'data'), { recursive: true });
  } else {
    const sources = name === 'minimal' || name.startsWith('report-') ? [name] : ['minimal', name];
    for (const source of sources) {
      await cp(join(REPO, 'tests/fixtures', source), target, { recursive: true, filter: (src) => !/\/(dist|node_modules|\.astro)(\/|$)/.test(src) });
    }
  }
  return target;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run one of the project's scripts (build, validate) on a site folder, with the pinned Node. */
export function runScript(script: 'build' | 'validate' | 'new-report', root: string, env: Record<string, string> = {}, args: string[] = []): CommandResult {
  const result = spawnSync(process.execPath, [join(REPO, `scripts/${script}.ts`), ...args], {
    cwd: REPO,
    env: { ...process.env, REPORT_ROOT: root, ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** One hash over every file's path and bytes: equal hashes mean byte-identical folders. */
export async function hashDir(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else hash.update(relative(dir, path)).update('\0').update(await readFile(path)).update('\0');
    }
  };
  await walk(dir);
  return hash.digest('hex');
}
