/**
 * A build with nothing changed does nothing: like make, the build compares a
 * digest of everything the site is made from with the one recorded when the
 * published `dist/` was built, and stops there when they match and `dist/`
 * is still exactly what that build wrote.
 *
 * What the site is made from: the report (`content/`, `data/`: file contents;
 * very large files by size and modification time, as hashing a 10 GB Parquet
 * would take longer than the build), the generator (its source, public files,
 * config and lock file), the Node version and the settings read from the
 * environment. Data loaders count as their files, as their own cache does
 * (src/pipeline/data-loaders.ts): a loader is rerun when it or its inputs change.
 * The page prints when each dataset last changed (its last commit, or its
 * modification time: src/report/data-history.ts), so data files' times and
 * the report's git commit count too.
 * `npm run build -- --force` (or REPORT_FORCE_BUILD=1) rebuilds anyway.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Files above this size are identified by size and modification time, not read. */
const HASHED_UP_TO = 64 * 1024 * 1024;
/** The environment the build reads (scripts/build.ts, src/): a change in any of them changes the site. */
const SETTINGS = ['SITE_URL', 'BASE_PATH', 'OUT_DIR', 'REPORT_MAX_PAGE_BYTES', 'RENDER_TIMEOUT_MS', 'DATA_MEMORY_LIMIT', 'LOADER_TIMEOUT', 'PAPAPARSE_MAX_BYTES', 'REPORT_TEST_KILL_DURING_SWAP'];
const GENERATOR_INPUTS = ['src', 'public', 'scripts', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];
// Caches and outputs inside a report folder: what a build writes, not what it reads.
const NOT_INPUTS = new Set(['node_modules', '.astro', '.build-state', '.cache', 'dist']);

export const STAMP_FILE = '.build-state/build-stamp.json';

interface Stamp {
  inputs: string;
  outDir: string;
  site: string;
  /** The warnings that build printed (the chart lint's findings), printed again by a build that has nothing to do. */
  warnings?: string;
}

async function hashFile(path: string, size: number, mtimeMs: number, hash: ReturnType<typeof createHash>): Promise<void> {
  if (size > HASHED_UP_TO) return void hash.update(`size ${size} mtime ${mtimeMs}\n`);
  await new Promise<void>((resolve, reject) => {
    createReadStream(path).on('data', (chunk) => hash.update(chunk)).on('end', resolve).on('error', reject);
  });
}

/** Every file under `path` (a file or a folder), sorted, with its size and modification time. */
async function listFiles(path: string): Promise<{ path: string; size: number; mtimeMs: number }[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [{ path, size: info.size, mtimeMs: info.mtimeMs }];
  const files: { path: string; size: number; mtimeMs: number }[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (NOT_INPUTS.has(entry.name)) continue;
    files.push(...(await listFiles(join(path, entry.name))));
  }
  return files;
}

function gitHead(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
  } catch {
    return 'none';
  }
}

/** The digest of everything a build of `root` with this generator reads. */
export async function inputsDigest(root: string, generatorRoot: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\n`);
  for (const name of SETTINGS) hash.update(`${name}=${process.env[name] ?? ''}\n`);
  const inputs = [...['content', 'data'].map((p) => ({ base: root, path: join(root, p) })), ...GENERATOR_INPUTS.map((p) => ({ base: generatorRoot, path: join(generatorRoot, p) }))];
  hash.update(`commit ${gitHead(root)}\n`);
  for (const { base, path } of inputs) {
    for (const file of await listFiles(path)) {
      hash.update(`\0${relative(base, file.path)}\0${base === root && relative(root, file.path).startsWith('data') ? file.mtimeMs : ''}\0`);
      await hashFile(file.path, file.size, file.mtimeMs, hash);
    }
  }
  return hash.digest('hex');
}

/** The published site as it is on disk: every file's path, size and modification time. */
async function siteDigest(outDir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = await listFiles(outDir);
  for (const file of files) hash.update(`${relative(outDir, file.path)}\0${file.size}\0${file.mtimeMs}\n`);
  return files.length === 0 ? '' : hash.digest('hex');
}

/** True when `outDir` is what a build of exactly these inputs published, untouched since. */
/** Whether dist/ is what the last build made of these inputs; if so, with the warnings that build printed. */
export async function isUpToDate(root: string, outDir: string, inputs: string): Promise<{ warnings: string } | false> {
  const text = await readFile(join(root, STAMP_FILE), 'utf8').catch(() => '');
  if (!text) return false;
  const stamp = JSON.parse(text) as Stamp;
  const same = stamp.inputs === inputs && stamp.outDir === outDir && stamp.site !== '' && stamp.site === (await siteDigest(outDir));
  return same ? { warnings: stamp.warnings ?? '' } : false;
}

/** Record that `outDir` was just built from `inputs`. */
export async function writeStamp(root: string, outDir: string, inputs: string, warnings = ''): Promise<void> {
  const stamp: Stamp = { inputs, outDir, site: await siteDigest(outDir), ...(warnings ? { warnings } : {}) };
  await mkdir(dirname(join(root, STAMP_FILE)), { recursive: true });
  await writeFile(join(root, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}
