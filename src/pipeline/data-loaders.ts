/**
 * Data loaders, in Observable Framework's convention: `data/<name>.<ext>.<lang>`
 * (`results.csv.py`, `runs.parquet.sh`, `scores.jsonl.ts`) is a program run at
 * build time, in the report's folder; its standard output is the dataset
 * `<name>.<ext>`, checked against `data/<name>.schema.ts` like any file.
 *
 * The output is cached in `.cache/loaders/` under the digest of the loader and
 * of the files in data/ it names (by path, e.g. 'data/raw/runs.jsonl', or a
 * folder 'data/raw/'): a loader runs again only when one of those changed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { quote, type Problem } from '../errors/report-error.ts';

export const LOADER_CACHE = '.cache/loaders';
/** How a loader of each language is run: the interpreter and its arguments before the file. */
export const LOADER_LANGUAGES: Record<string, string[]> = {
  ts: [process.execPath],
  js: [process.execPath],
  mjs: [process.execPath],
  py: ['python3'],
  sh: ['sh'],
};
const DEFAULT_TIMEOUT_S = 600;
/** A loader still running after this long prints how far it got, then again at the same interval. */
const PROGRESS_MS = 5000;
const STDERR_TAIL = 600;

export interface Loader {
  /** e.g. data/results.csv.py */
  file: string;
  /** The dataset's file name it produces, e.g. results.csv */
  output: string;
  lang: string;
}

export type LoaderResult = { ok: true; path: string; digest: string; ran: boolean } | { ok: false; problems: Problem[] };

/** Every file under data/ (relative to data/), sorted. */
async function dataFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await dataFiles(dir, path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The files in data/ a loader reads: those whose path (or folder) its source names. */
export function loaderInputs(source: string, files: string[], self: string): string[] {
  return files.filter((f) => {
    if (`data/${f}` === self) return false;
    const folder = f.includes('/') ? f.slice(0, f.indexOf('/') + 1) : undefined;
    return source.includes(f) || (folder !== undefined && source.includes(folder));
  });
}

/** Digest of the loader and the files it reads. */
async function loaderDigest(root: string, loader: Loader, text: string): Promise<string> {
  const hash = createHash('sha256').update(loader.file).update('\0').update(text);
  for (const input of loaderInputs(text, await dataFiles(join(root, 'data')), loader.file)) {
    hash.update('\0').update(input).update('\0').update(await hashFile(join(root, 'data', input)));
  }
  return hash.digest('hex');
}

function timeoutSeconds(): number {
  const s = Number(process.env.LOADER_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s : DEFAULT_TIMEOUT_S;
}

/** The last characters of a loader's stderr, on one line, for a message. */
function tail(stderr: string): string {
  const text = stderr.trim().replace(/\s*\n\s*/g, ' | ');
  return text.length > STDERR_TAIL ? `…${text.slice(-STDERR_TAIL)}` : text;
}

/** Run a loader (or reuse its cached output); a failure is a problem naming the loader, with the end of its stderr. */
export async function runLoader(root: string, loader: Loader, log: (line: string) => void = (line) => console.error(line)): Promise<LoaderResult> {
  const text = await readFile(join(root, loader.file), 'utf8');
  const digest = await loaderDigest(root, loader, text);
  const dir = join(root, LOADER_CACHE);
  const out = join(dir, loader.output);
  const meta = `${out}.digest`;
  if ((await readFile(meta, 'utf8').catch(() => '')) === digest && (await stat(out).catch(() => undefined))?.isFile()) return { ok: true, path: out, digest, ran: false };
  await mkdir(dir, { recursive: true });
  const command = LOADER_LANGUAGES[loader.lang]!;
  const partial = `${out}.partial`;
  const timeout = timeoutSeconds();
  const started = Date.now();
  const problem = (expected: string, found: string, fix: string): LoaderResult => ({ ok: false, problems: [{ file: loader.file, expected, found, fix }] });
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; bytes: number; timedOut: boolean; error?: Error }>((resolve) => {
    const sink = createWriteStream(partial);
    // Its own process group, so a time-out stops the loader and whatever it started.
    const child = spawn(command[0]!, [...command.slice(1), join(root, loader.file)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let bytes = 0;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stdout.pipe(sink);
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-8 * STDERR_TAIL)));
    const progress = setInterval(() => log(`${loader.file}: running for ${Math.round((Date.now() - started) / 1000)} s, ${(bytes / 1e6).toFixed(1)} MB written`), PROGRESS_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeout * 1000);
    const done = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      clearInterval(progress);
      clearTimeout(timer);
      sink.end(() => resolve({ code, signal, stderr, bytes, timedOut, error }));
    };
    child.on('error', (error) => done(null, null, error));
    child.on('close', (code, signal) => done(code, signal));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stderrText = outcome.stderr.trim() ? `; its stderr ends: ${quote(tail(outcome.stderr))}` : '; it wrote nothing to stderr';
  const runIt = `run it yourself: ${command[0] === process.execPath ? 'node' : command[0]} ${loader.file} > ${loader.output}`;
  if (outcome.error || outcome.timedOut || outcome.code !== 0 || outcome.bytes === 0) await rm(partial, { force: true });
  if (outcome.error) {
    const missing = (outcome.error as NodeJS.ErrnoException).code === 'ENOENT';
    return problem(`${command[0]} to run the loader`, missing ? `no ${command[0]} on this machine` : outcome.error.message, missing ? `install ${command[0]}, or write the loader in another language` : runIt);
  }
  if (outcome.timedOut) return problem(`a loader that finishes within ${timeout} s`, `still running after ${timeout} s (stopped)${stderrText}`, `make it faster, or raise LOADER_TIMEOUT (seconds); ${runIt}`);
  if (outcome.code !== 0) return problem('a loader that exits with code 0', `${outcome.code === null ? `killed by ${outcome.signal}` : `exit code ${outcome.code}`}${stderrText}`, runIt);
  if (outcome.bytes === 0) return problem(`the dataset ${loader.output} on standard output`, `no output${stderrText}`, 'print the data to standard output (logs go to stderr)');
  await rename(partial, out);
  await writeFile(meta, digest);
  if (Date.now() - started >= PROGRESS_MS) log(`${loader.file}: done in ${seconds} s, ${(outcome.bytes / 1e6).toFixed(1)} MB`);
  return { ok: true, path: out, digest, ran: true };
}

/** The loader's cached output, relative to the report (for messages and tests). */
export function loaderOutput(root: string, loader: Loader): string {
  return relative(root, join(root, LOADER_CACHE, loader.output));
}
