/**
 * One fixture per class of bad input: tests/fixtures/bad-<class>/ holds only
 * the file with the defect, laid over tests/fixtures/minimal by copySite. A build of it must stop with exit
 * code 1 and exactly the expected problem lines (file:line:col field:
 * expected, got (fix)), print no stack trace, and leave the dist/ that was
 * there byte-identical. Input that only looks bad (a BOM and CRLF, quoted
 * cells, markup in a label) must build, and mean what it says.
 */
import { cp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseHtml } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvText } from '../../src/pipeline/load-csv.ts';
import { REFUSED } from '../support/bad-inputs.ts';
import { copySite, hashDir, runScript, type CommandResult } from '../support/sites.ts';

const sites: string[] = [];
let goodDist: string;
let goodHash: string;

/** Copy a fixture; its data files get one fixed modification time, so "data last updated" is the same in every build. */
async function site(name: string): Promise<string> {
  const root = await copySite(name, name);
  sites.push(root);
  const fixed = new Date('2026-01-15T12:00:00Z');
  for (const file of await readdir(join(root, 'data'))) await utimes(join(root, 'data', file), fixed, fixed);
  return root;
}

beforeAll(async () => {
  const good = await site('minimal');
  const result = runScript('build', good);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  goodDist = join(good, 'dist');
  goodHash = await hashDir(goodDist);
});
afterAll(async () => {
  await Promise.all(sites.map((s) => rm(s, { recursive: true, force: true })));
});

/** Build a fixture over a copy of the last good dist/. */
async function build(name: string): Promise<{ root: string; result: CommandResult }> {
  const root = await site(name);
  await cp(goodDist, join(root, 'dist'), { recursive: true });
  return { root, result: runScript('build', root) };
}

/** Build a fixture that must build as is: no output on stderr, exit code 0. */
async function buildClean(name: string): Promise<string> {
  const { root, result } = await build(name);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return root;
}

/** The problem lines: everything before the blank line and the summary. */
function problemLines(stderr: string): string[] {
  return stderr.split('\n\n')[0]!.split('\n');
}

/** One case per family (data header, cells, chart spec as code, chart fields, chapters, the lint) runs a real build; all run in process. */
const BUILT = new Set(['bad-header-misspelt', 'bad-percent-sign', 'bad-ragged-row', 'bad-url-https', 'bad-expression-constructor', 'bad-unknown-field', 'lint-strict', 'bad-unknown-chart', 'bad-value-field']);

describe('a build with one defect stops, says exactly what and where, and keeps the last good dist/', () => {
  test.each(REFUSED.filter(([name]) => BUILT.has(name)))('%s', async (name, expected) => {
    const { root, result } = await build(name);
    expect(result.code).toBe(1);
    expect(problemLines(result.stderr)).toEqual(expected);
    const n = expected.length;
    expect(result.stderr).toContain(`${n} problem${n === 1 ? '' : 's'} found; the site was not built and the previous dist/ is unchanged.`);
    expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at /m);
    expect(await hashDir(join(root, 'dist'))).toBe(goodHash);
  });

  test('bad-frontmatter-typo', async () => {
    const { root, result } = await build('bad-frontmatter-typo');
    expect(result.code).toBe(1);
    expect(problemLines(result.stderr)).toEqual([
      'content/chapters/overview.mdx:5 sumary: expected one of the known keys (title, order, summary, kind, number, claim, headline, evidence), got unknown key "sumary" (did you mean "summary"?)',
    ]);
    expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at /m);
    expect(await hashDir(join(root, 'dist'))).toBe(goodHash);
  });
});

describe('a chart the lint warns about is published as written, and the warning stays until it is fixed', () => {
  test('lint-log-bars: the build succeeds, prints the finding with its file, line and fix, and prints it again when there is nothing to rebuild', async () => {
    const { root, result } = await build('lint-log-bars');
    expect(result.code, result.stderr).toBe(0);
    const finding = REFUSED.find(([name]) => name === 'lint-strict')![1][0]!;
    const warning = [
      `warning: ${finding}`,
      '1 chart lint warning: the charts are published as written; fix them or opt out in the chart\'s usermeta.lint ("chart_lint: error" in content/report.yaml refuses to build until then)',
    ].join('\n');
    expect(result.stderr.trim()).toBe(warning);
    expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at /m);
    // The chart is on the page and has its downloads.
    expect(await readFile(join(root, 'dist/index.html'), 'utf8')).toContain('data-chart="rates"');
    // Both bars are in the download as Vega draws them: with no height, which is what the warning says.
    expect(await readFile(join(root, 'dist/charts/rates.svg'), 'utf8')).toMatch(/<svg[^>]*>/);
    // Nothing changed: nothing is rebuilt, and the warning is still said.
    const again = runScript('build', root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('dist/ is up to date');
    expect(again.stderr.trim()).toBe(warning);
  });
});

describe('input that only looks bad builds, and means what it says', () => {
  /** A built file, with the build time (where a page says when the data last changed) and asset hashes masked. */
  async function readBuilt(dist: string, file: string): Promise<string> {
    const bytes = await readFile(join(dist, file));
    if (!/\.(html|json|svg|csv|txt|xml|js)$/.test(file) && !file.endsWith('_headers')) return bytes.toString('base64');
    return bytes.toString('utf8').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME').replace(/\/_astro\/[^"')\s]+/g, '/_astro/ASSET');
  }
  async function files(dir: string, prefix = ''): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) out.push(...(await files(dir, path)));
      else out.push(path);
    }
    return out.sort();
  }

  // The hostile label both fixtures carry (bad-markup-label in a CSV, bad-markup-inline in the spec).
  const label = '<img src=x onerror=alert(1)>';
  const escaped = '&lt;img src=x onerror=alert(1)&gt;';

  /** The hostile label is text on every page and in the SVG download: escaped, drawn as text, never an element. */
  async function expectTextEverywhere(root: string, alsoAbsent: string[] = []): Promise<void> {
    for (const page of ['index.html', 'embed/rates/index.html', 'charts/index.html']) {
      const html = await readFile(join(root, 'dist', page), 'utf8');
      for (const text of [label, ...alsoAbsent]) expect(html, page).not.toContain(text);
      const doc = parseHtml(html);
      expect(doc.querySelectorAll('[onerror]'), page).toHaveLength(0);
      expect(doc.querySelectorAll('img').filter((img) => img.getAttribute('src') === 'x'), page).toHaveLength(0);
      // The gallery shows the chart as an <img> of /charts/rates.svg (checked below), so its label is not in that page.
      if (page === 'charts/index.html') continue;
      expect(html, page).toContain(escaped);
      // The chart's axis label reads as the text of the cell.
      expect(doc.querySelectorAll('svg text').some((t) => t.text === label), page).toBe(true);
    }
    const svg = await readFile(join(root, 'dist/charts/rates.svg'), 'utf8');
    expect(svg).toContain(`>${escaped}</text>`);
    expect(svg).not.toContain(label);
  }

  test('a BOM and CRLF line endings: the same site as the plain file, file for file', async () => {
    const root = await buildClean('bad-bom-crlf');
    const dist = join(root, 'dist');
    // Scripts and styles (_astro/) do not depend on the data; everything else must match, file for file.
    const dataFiles = async (d: string) => (await files(d)).filter((f) => !f.startsWith('_astro/'));
    expect(await dataFiles(dist)).toEqual(await dataFiles(goodDist));
    for (const file of await dataFiles(goodDist)) expect(await readBuilt(dist, file), file).toBe(await readBuilt(goodDist, file));
  });

  test('quoted cells with commas, quotes and line breaks, and a "007" label, come through as written', async () => {
    const root = await buildClean('bad-quoted-fields');
    const groups = ['control, adults', 'treated', 'the "B" arm', 'two\nlines', '007'];
    const download = parseCsvText(await readFile(join(root, 'dist/charts/rates.csv'), 'utf8'), 'rates.csv');
    expect(download.ok && download.table.rows.map((r) => r.cells[0])).toEqual(groups);
    const spec = JSON.parse(await readFile(join(root, 'dist/charts/rates.vl.json'), 'utf8')) as { data: { values: { group: unknown; rate_pct: unknown }[] } };
    expect(spec.data.values.map((v) => v.group)).toEqual(groups);
    expect(spec.data.values.map((v) => v.rate_pct)).toEqual([40, 12.5, 20, 30, 5]);
  });

  test('markup in a label cell is text everywhere: escaped in the page and the SVG, never an element', async () => {
    const root = await buildClean('bad-markup-label');
    await expectTextEverywhere(root);
    const spec = JSON.parse(await readFile(join(root, 'dist/charts/rates.vl.json'), 'utf8')) as { data: { values: { group: string }[] } };
    expect(spec.data.values[0]!.group).toBe(label);
  });

  test('hostile cells written in the spec (Altair\'s datasets) are data like a CSV\'s: escaped in the page, the SVG, the table and the published spec; formulas neutralised in the download', async () => {
    const root = await buildClean('bad-markup-inline');
    const script = '</script><script>alert(1)</script>';
    const formula = '=HYPERLINK("https://evil.example","x")';
    await expectTextEverywhere(root, [script]);
    // "Show data": the inline table, every cell as text.
    const table = await readFile(join(root, 'dist/charts/rates.table.html'), 'utf8');
    expect(table).toContain(`<td>${escaped}</td>`);
    expect(table).toContain('<td>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(table).toContain('Rows written in the chart\'s spec (&quot;datasets&quot; → &quot;data-4d2c9e&quot;); source: Example source.');
    // The download is the inline table, its formula cell starting with an apostrophe.
    const download = parseCsvText(await readFile(join(root, 'dist/charts/rates.csv'), 'utf8'), 'rates.csv');
    expect(download.ok && download.table.header).toEqual(['group', 'rate_pct', 'note']);
    expect(download.ok && download.table.rows.map((r) => r.cells)).toEqual([[label, '40', `'${formula}`], ['treated', '12.5', script]]);
    // The published spec keeps the rows as written, with <, > and & escaped in its text.
    const text = await readFile(join(root, 'dist/charts/rates.vl.json'), 'utf8');
    expect(text).not.toMatch(/[<>]/);
    const spec = JSON.parse(text) as { datasets: Record<string, { group: string; note: string }[]> };
    expect(spec.datasets['data-4d2c9e']!.map((r) => [r.group, r.note])).toEqual([[label, formula], ['treated', script]]);
  });
});
