/**
 * Content check: CITATION.cff names the authors of the work, so it carries only
 * their words. An original report's abstract is theirs; a summary's abstract is
 * the site's own, and must not appear under their names (only the cited work's
 * own abstract, when report.yaml gives one as citation.abstract).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, test } from 'vitest';
import { CONTENT_SITES } from '../support/content-sites.ts';

interface ReportYaml {
  kind?: 'original' | 'summary';
  abstract: string;
  citation?: { abstract?: string };
}

describe.each(CONTENT_SITES)('$name', (site) => {
  test("CITATION.cff puts only the authors' own words under their names", () => {
    const report = parseYaml(readFileSync(join(site.root, 'content/report.yaml'), 'utf8')) as ReportYaml;
    const cff = parseYaml(readFileSync(join(site.dist, 'CITATION.cff'), 'utf8')) as { abstract?: string; authors: unknown[] };
    expect(cff.authors.length).toBeGreaterThan(0);
    if (report.kind === 'summary') {
      expect(cff.abstract).toBe(report.citation?.abstract);
      expect(JSON.stringify(cff)).not.toContain(report.abstract.slice(0, 60));
    } else {
      expect(cff.abstract).toBe(report.abstract);
    }
  });
});
