/**
 * Build, once for the whole run: the full-featured fixture report that the
 * generator's integration and browser tests read (SITE_DIR), and every report
 * whose content is checked (CONTENT_SITES). Generator tests never read the
 * repository's own report, so they pass whatever report it holds.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONTENT_SITES, SECOND_REPORT_FIXTURE } from './content-sites.ts';

/** The full-featured fixture: citations, math, footnotes, findings, caveats, every chart family. */
export const FULL_FIXTURE = resolve('tests/fixtures/report-full');
/** Where the global setup builds FULL_FIXTURE. */
export const SITE_DIR = resolve('tests/.output/site');
const FULL_COPY = resolve('tests/.output/sites/global-report-full');

function build(root: string, outDir: string): void {
  execFileSync(process.execPath, ['scripts/build.ts'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, REPORT_ROOT: root, OUT_DIR: outDir } });
}

function copy(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

export default function setup(): void {
  if (process.env.SKIP_SITE_BUILD === '1') return;
  copy(FULL_FIXTURE, FULL_COPY);
  build(FULL_COPY, SITE_DIR);
  copy(SECOND_REPORT_FIXTURE, CONTENT_SITES.at(-1)!.root);
  for (const site of CONTENT_SITES) build(site.root, site.dist);
}
