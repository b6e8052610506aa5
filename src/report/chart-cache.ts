/**
 * Compiled charts kept between builds, keyed by the digest of everything that
 * goes into compiling one: the spec (with its values filled in), the digests
 * of the datasets it reads, and the generator's own chart code and versions.
 * A warm build with nothing changed compiles no chart; a changed CSV
 * recompiles only the charts that read it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledChart } from './charts.ts';
import type { Dataset } from './datasets.ts';
import type { SharedRows } from './shared-rows.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

let generatorDigest: string | undefined;

/** The chart code itself: a change to a stage or the theme invalidates every cached chart. */
function digestOfGenerator(): string {
  if (generatorDigest) return generatorDigest;
  const hash = createHash('sha256');
  for (const dir of ['pipeline', 'report']) {
    for (const name of readdirSync(join(SRC, dir)).sort()) hash.update(name).update(readFileSync(join(SRC, dir, name)));
  }
  // What draws the chart: Vega, and the shaper and font its text is measured with.
  for (const pkg of ['vega', 'vega-lite', 'harfbuzzjs', '@expo-google-fonts/inter']) hash.update(String((JSON.parse(readFileSync(join(SRC, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version));
  generatorDigest = hash.digest('hex');
  return generatorDigest;
}

export function chartCacheKey(spec: unknown, datasetNames: string[], datasets: ReadonlyMap<string, Dataset>): string {
  const inputs = [digestOfGenerator(), spec, datasetNames.map((name) => [name, datasets.get(name)?.digest])];
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

type Cached = Omit<CompiledChart, 'meta'>;

const dirOf = (root: string) => join(root, '.build-state', 'charts');

export async function readCachedChart(root: string, key: string, rows: SharedRows): Promise<Cached | undefined> {
  try {
    return rows.parse<Cached>(await readFile(join(dirOf(root), `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

export async function writeCachedChart(root: string, key: string, chart: CompiledChart, rows: SharedRows): Promise<void> {
  const { meta: _meta, ...compiled } = chart;
  const file = join(dirOf(root), `${key}.json`);
  await mkdir(dirOf(root), { recursive: true });
  // Write then rename: a killed build never leaves half a file for the next one to read.
  await writeFile(`${file}.${process.pid}.tmp`, rows.stringify(compiled));
  await rename(`${file}.${process.pid}.tmp`, file);
}

/** Drop the cached charts this build did not use, so the cache holds one entry per chart. */
export async function pruneCachedCharts(root: string, used: ReadonlySet<string>): Promise<void> {
  const names = await readdir(dirOf(root)).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => !used.has(name.replace(/\.json$/, ''))).map((name) => rm(join(dirOf(root), name), { force: true })));
}
