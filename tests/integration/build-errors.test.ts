/**
 * Bad input stops the build with a message naming file, line and column, the
 * value found and the fix, without a stack trace, and the last good dist/
 * stays byte-identical.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copySite, hashDir, runScript } from '../support/sites.ts';

let site: string;
let goodHash: string;

beforeAll(async () => {
  site = await copySite('minimal', 'errors');
  const first = runScript('build', site);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  goodHash = await hashDir(join(site, 'dist'));
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

/** Apply a bad edit, build, undo the edit; return the build's output. */
async function buildWith(file: string, edit: (text: string) => string | null) {
  const path = join(site, file);
  const original = await readFile(path, 'utf8').catch(() => null);
  const next = edit(original ?? '');
  if (next === null) await unlink(path);
  else await writeFile(path, next);
  try {
    return runScript('build', site);
  } finally {
    if (original === null) await unlink(path).catch(() => {});
    else await writeFile(path, original);
  }
}

describe('a build with bad input', () => {
  test('a percent sign in a number cell names the file, line, column, value and fix', async () => {
    const result = await buildWith('data/results.csv', (t) => t.replace('treated,12.5,', 'treated,12.5%,'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data/results.csv:3:2 rate_pct: expected a number from 0 to 100, got "12.5%" (write the number without the % sign)');
    expect(result.stderr).toContain('the previous dist/ is unchanged');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
  });

  test('a dataset without a schema is an error naming both files', async () => {
    const result = await buildWith('data/results.schema.ts', () => null);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data/results.csv expected a row schema in data/results.schema.ts, got no schema');
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
  });

  test('a chart whose data.url names a missing file names the chart and the file', async () => {
    const result = await buildWith('content/charts/rates.vl.json', (t) => t.replace('data/results.csv', 'data/missing.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/charts\/rates\.vl\.json:\d+:\d+ data\.url: expected one of the datasets in data\/ \(results\), got "data\/missing\.csv"/);
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
  });

  test('a field the spec uses that the CSV lacks names the field and suggests the column', async () => {
    const result = await buildWith('content/charts/rates.vl.json', (t) => t.replace('"field": "rate_pct", "type"', '"field": "rate_pc", "type"'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/charts\/rates\.vl\.json:\d+:\d+ encoding\.x\.field: expected a column of data\/results\.csv \(group, rate_pct, source_url\), got "rate_pc" \(did you mean "rate_pct"\?\)/);
  });

  test('an unknown chart id in a chapter names the chapter and line', async () => {
    const result = await buildWith('content/chapters/finding-one.mdx', (t) => t.replace('<Chart id="rates" />', '<Chart id="rate" />'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/chapters/finding-one.mdx:18:1 <Chart>: expected a chart id from content/charts/ (rates), got "rate" (did you mean "rates"?)');
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
  });

  test('a duplicate finding number and an unknown evidence chart fail naming the file', async () => {
    const result = await buildWith('content/chapters/caveats.mdx', () =>
      '---\ntitle: Another\norder: 4\nkind: finding\nnumber: 1\nclaim: Again.\nheadline:\n  dataset: results\n  row: treated\n  field: rate_pct\n  label: again\nevidence: [nope]\n---\n\nText.\n',
    );
    expect(result.code).toBe(1);
    // Files are read in name order, so the second one with the number is finding-one.mdx.
    expect(result.stderr).toContain('content/chapters/finding-one.mdx:5 number: expected a finding number used once, got 1, also used by content/chapters/caveats.mdx (number the findings 1, 2, 3 … in order)');
    expect(result.stderr).toMatch(/content\/chapters\/caveats\.mdx:12 evidence: expected a chart id from content\/charts\/ \(rates\), got "nope"/);
  });

  test('a headline naming a missing row names the chapter and suggests the key', async () => {
    const result = await buildWith('content/chapters/finding-one.mdx', (t) => t.replace('row: treated', 'row: treatd'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/chapters/finding-one.mdx:9 headline.row: expected a row of data/results.csv whose group is "treatd", got no such row (did you mean "treated"?)');
  });

  test('an unknown citation key names the chapter, line and the keys that exist', async () => {
    const result = await buildWith('content/chapters/finding-one.mdx', (t) => t.replace('See the chart.', 'See the chart <Cite key="nope" />.'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/chapters/finding-one.mdx:16:15 <Cite>: expected a key from content/references.bib (none yet), got "nope" (add an entry @online{nope, ...} to content/references.bib)');
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
  });

  test('every problem of a run is reported together, in a stable order', async () => {
    const result = await buildWith('data/results.csv', () => 'group,rate_pct,source_url\ncontrol,140,https://example.org\ntreated,abc,javascript:alert(1)\n');
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('data/'));
    expect(lines).toEqual([
      'data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "140"',
      'data/results.csv:3:2 rate_pct: expected a number from 0 to 100, got "abc"',
      'data/results.csv:3:3 source_url: expected an http(s) URL, got "javascript:alert(1)" (only http and https sources can be linked)',
    ]);
  });
});

describe('a build that is killed half-way', () => {
  test('leaves the previous dist/ byte-identical, and the next build succeeds', async () => {
    await writeFile(join(site, 'data/results.csv'), (await readFile(join(site, 'data/results.csv'), 'utf8')).replace('treated,12.5,', 'treated,13,'));
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../scripts/build.ts')], { env: { ...process.env, REPORT_ROOT: site }, stdio: 'ignore' });
    // Kill it once Astro has started writing the new site into the staging folder.
    const staging = join(site, '.dist.staging/build');
    for (let waited = 0; !existsSync(staging) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await hashDir(join(site, 'dist'))).toBe(goodHash);
    const next = runScript('build', site);
    expect(next.code).toBe(0);
    expect(await readFile(join(site, 'dist/index.html'), 'utf8')).toContain('>13%<');
  });
});

describe('a good build of the minimal report', () => {
  test("links an author's ORCID iD in the byline", async () => {
    const html = await readFile(join(site, 'dist/index.html'), 'utf8');
    expect(html).toContain('<a class="orcid" href="https://orcid.org/0000-0002-1825-0097" aria-label="ORCID iD of Ada Example">iD</a>');
  });
});
