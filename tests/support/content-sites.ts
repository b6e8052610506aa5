/**
 * The reports whose content is checked (tests/content/): the repository's own
 * report, every example under examples/, and a second, different report kept
 * as a fixture, which proves the checks assume nothing about the default one.
 * Each is built once by the global setup into its own folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ContentSite {
  /** How the test names it. */
  name: string;
  /** The report's folder: content/ and data/. */
  root: string;
  /** Where the global setup builds it. */
  dist: string;
}

const REPO = resolve(import.meta.dirname, '../..');
const OUT = join(REPO, 'tests/.output/content');

function examples(): ContentSite[] {
  const dir = join(REPO, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'content/report.yaml')))
    .map((e) => ({ name: `examples/${e.name}`, root: join(dir, e.name), dist: join(OUT, `example-${e.name}`) }));
}

export const CONTENT_SITES: ContentSite[] = [
  { name: 'the repository report', root: REPO, dist: join(OUT, 'repository') },
  ...examples(),
  // Copied into tests/.output by the global setup, so its builds leave the fixture untouched.
  { name: 'fixture report-seattle', root: join(REPO, 'tests/.output/sites/content-report-seattle'), dist: join(OUT, 'fixture-report-seattle') },
];

/** The fixture behind CONTENT_SITES' last entry. */
export const SECOND_REPORT_FIXTURE = join(REPO, 'tests/fixtures/report-seattle');
