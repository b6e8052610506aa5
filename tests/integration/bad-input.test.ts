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

/** The problem lines: everything before the blank line and the summary. */
function problemLines(stderr: string): string[] {
  return stderr.split('\n\n')[0]!.split('\n');
}

const URL_FIX = '(charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs)';
const LINK_FIX = "(a chart may not load or link to anything; cite sources with usermeta.source and the data's source_url column)";
const SANDBOX = 'expected an expression that uses only data fields, params and Vega functions';

const REFUSED: [string, string[]][] = [
  // The header row.
  ['bad-header-missing', ['data/results.csv:1 source_url: expected a column named "source_url", got no such column in the header (add the column (cells may be empty only if the schema says optional()))']],
  ['bad-header-unknown', ['data/results.csv:1:4 notes: expected a column declared in the schema (group, rate_pct, source_url), got unknown column "notes" (declare the column in the dataset schema, or remove it)']],
  ['bad-header-duplicate', ['data/results.csv:1:4 rate_pct: expected each column name once, got a second column named "rate_pct" (remove or rename the duplicate column)']],
  ['bad-header-misspelt', ['data/results.csv:1:2 rate_pc: expected a column declared in the schema (group, rate_pct, source_url), got unknown column "rate_pc" (did you mean "rate_pct"?)']],
  ['bad-reserved-column', ['data/results.csv:1:4 __proto__: expected a column name other than "__proto__", got a reserved name (rename the column in the CSV and the schema)']],
  // Cells. "007" is refused in the number column only: the same text in the group (text) column is fine.
  ['bad-leading-zero', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "007" (write the number without leading zeros, or declare the column text() if it is a code like "007")']],
  ['bad-percent-sign', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "96%" (write the number without the % sign)']],
  ['bad-thousands-separator', ['data/results.csv:2:3 n_samples: expected a whole number of at least 0, got "1,234" (write the number without thousands separators)']],
  ['bad-nan', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "NaN" (write a finite number, or leave the cell empty if the column is optional())']],
  ['bad-inf', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "inf" (write a finite number, or leave the cell empty if the column is optional())']],
  ['bad-empty-cell', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got an empty cell (fill in the value, or declare the column optional() if it can be unknown)']],
  ['bad-duplicate-key', ['data/results.csv:4:1 group: expected a unique group (it names the row), got "control", already used on line 2 (give each row its own key)']],
  ['bad-source-url-file', ['data/results.csv:2:3 source_url: expected an http(s) URL, got "file:///etc/passwd" (only http and https sources can be linked)']],
  ['bad-source-url-javascript', ['data/results.csv:3:3 source_url: expected an http(s) URL, got " JavaScript:alert(1)" (only http and https sources can be linked)']],
  // The file as a whole.
  ['bad-ragged-row', ['data/results.csv:2 expected 3 cells, one per column in the header, got 2 ("control,40") (add the missing cells, leaving unknown values empty)']],
  ['bad-unclosed-quote', ['data/results.csv:2 expected a closing quote (") for the quoted cell that starts on this line, got the end of the file (close the quote, or double any quote inside a quoted cell (""))']],
  ['bad-latin1', ['data/results.csv:3 expected UTF-8 text, got bytes that are not UTF-8 (save the file with UTF-8 encoding (in Excel: "CSV UTF-8"))']],
  ['bad-empty-file', ['data/results.csv expected a header row naming the columns, got an empty file']],
  ['bad-header-only', ['data/results.csv:2 expected at least one data row under the header, got only the header']],
  ['bad-binary-png', ['data/results.csv expected a UTF-8 text CSV file, got binary data (a zero byte at byte 9) (export the table as CSV; is this the right file?)']],
  ['bad-csv-without-schema', ["data/extra.csv expected a row schema in data/extra.schema.ts, got no schema (create data/extra.schema.ts with defineDataset({ key, description, columns }) (see README: 'Add a dataset'))"]],
  ['bad-schema-without-csv', ['data/extra.schema.ts expected its data file data/extra.csv, got no such file (add the CSV, or delete the schema)']],
  // Chart specs: where they read data.
  ['bad-url-parent', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "../data/results.csv" ${URL_FIX}`]],
  ['bad-url-absolute', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "/etc/passwd" ${URL_FIX}`]],
  ['bad-url-file', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "file:///etc/passwd" ${URL_FIX}`]],
  ['bad-url-https', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "https://example.org/results.csv" ${URL_FIX}`]],
  // Chart specs are code.
  ['bad-expression-constructor', [`content/charts/rates.vl.json:8:19 transform.0.calculate: ${SANDBOX}, got "constructor" in "datum.group.constructor.constructor('alert(1)')()" (this property leads to JavaScript internals or the page; if it is a data field, rename the column)`]],
  ['bad-expression-event-view', [`content/charts/rates.vl.json:8:61 params.0.select.on: ${SANDBOX}, got "event.view" in "scale(event.view.setTimeout, 'alert(1)')" (this leads from the event to the page; use event fields such as event.shiftKey or event.x)`]],
  ['bad-expression-unknown-function', [`content/charts/rates.vl.json:8:19 transform.0.calculate: ${SANDBOX}, got "foo()" in "foo(datum.rate_pct)" (not a Vega expression function; see https://vega.github.io/vega/docs/expressions/)`]],
  ['bad-expression-unparseable', ['content/charts/rates.vl.json:8:19 transform.0.filter: expected a valid Vega expression, got "datum.rate_pct >" (Unexpected end of input) (see https://vega.github.io/vega/docs/expressions/)']],
  ['bad-expression-unknown-param', ['content/charts/rates.vl.json expected a chart Vega can run, got Unrecognized signal name: "cutoff" (a name in an expression may be misspelt; open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem)']],
  ['bad-format-type', ['content/charts/rates.vl.json:12:62 encoding.tooltip.1.formatType: expected a formatType of "number", "time" or "utc", got "setTimeout" (custom format types run code; use a format string with number or time)']],
  ['bad-image-mark', [`content/charts/rates.vl.json:7:3 mark: expected a mark drawn from the data (bar, line, point, rule, text, ...), got "image" ${LINK_FIX}`]],
  ['bad-href-channel', [`content/charts/rates.vl.json:12:5 encoding.href: expected no "href" in a chart, got a "href" channel ${LINK_FIX}`]],
  // Rows written in the spec (an Altair export without usermeta.source): their provenance is the chart's source.
  ['bad-inline-no-source', ['content/charts/rates.vl.json:5:3 usermeta.source: expected usermeta.source: { "label": ..., "url": "https://..." }: where the rows written in this spec come from, got nothing']],
  // Chart specs: JSON and fields.
  ['bad-json', ["content/charts/rates.vl.json:8:3 expected valid JSON, got Expected ',' or '}' after property value (check for a missing comma or quote, or a trailing comma)"]],
  ['bad-unknown-field', ['content/charts/rates.vl.json:12:19 encoding.tooltip.0.field: expected a column of data/results.csv (group, rate_pct, source_url), got "grop" (did you mean "group"?)']],
  // The chart lint: what a reader would see (more cases in chart-lint.test.ts, in-process).
  ['lint-log-bars', ['content/charts/rates.vl.json:7:3 mark: expected every bar drawn with a size, got 2 of 2 bars with no size or position (rows "control", "treated"), a value the scale cannot place at the wide and narrow layouts (bars start at 0, which a log scale cannot show: use a linear scale, or draw points instead of bars; or, if the reader is not misled, opt out with "usermeta": {"lint": {"area": "the reason"}})']],
  // Chapters.
  ['bad-unknown-chart', ['content/chapters/overview.mdx:9:4 <Ref>: expected a chart id from content/charts/ (rates), got "ratez" (did you mean "rates"?)']],
  ['bad-value-field', ['content/chapters/overview.mdx:7:27 <Value>: expected a column of data/results.csv (group, rate_pct, source_url), got "rate_pc" (did you mean "rate_pct"?)']],
  ['bad-duplicate-finding', ['content/chapters/finding-two.mdx:5 number: expected a finding number used once, got 1, also used by content/chapters/finding-one.mdx (number the findings 1, 2, 3 … in order)']],
];

describe('a build with one defect stops, says exactly what and where, and keeps the last good dist/', () => {
  test.each(REFUSED)('%s', async (name, expected) => {
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

  test('a BOM and CRLF line endings: the same site as the plain file, file for file', async () => {
    const { root, result } = await build('bad-bom-crlf');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dist = join(root, 'dist');
    // Scripts and styles (_astro/) do not depend on the data; everything else must match, file for file.
    const dataFiles = async (d: string) => (await files(d)).filter((f) => !f.startsWith('_astro/'));
    expect(await dataFiles(dist)).toEqual(await dataFiles(goodDist));
    for (const file of await dataFiles(goodDist)) expect(await readBuilt(dist, file), file).toBe(await readBuilt(goodDist, file));
  });

  test('quoted cells with commas, quotes and line breaks, and a "007" label, come through as written', async () => {
    const { root, result } = await build('bad-quoted-fields');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const groups = ['control, adults', 'treated', 'the "B" arm', 'two\nlines', '007'];
    const download = parseCsvText(await readFile(join(root, 'dist/charts/rates.csv'), 'utf8'), 'rates.csv');
    expect(download.ok && download.table.rows.map((r) => r.cells[0])).toEqual(groups);
    const spec = JSON.parse(await readFile(join(root, 'dist/charts/rates.vl.json'), 'utf8')) as { data: { values: { group: unknown; rate_pct: unknown }[] } };
    expect(spec.data.values.map((v) => v.group)).toEqual(groups);
    expect(spec.data.values.map((v) => v.rate_pct)).toEqual([40, 12.5, 20, 30, 5]);
  });

  test('markup in a label cell is text everywhere: escaped in the page and the SVG, never an element', async () => {
    const { root, result } = await build('bad-markup-label');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const label = '<img src=x onerror=alert(1)>';
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    for (const page of ['index.html', 'embed/rates/index.html', 'charts/index.html']) {
      const html = await readFile(join(root, 'dist', page), 'utf8');
      expect(html, page).toContain(escaped);
      expect(html, page).not.toContain(label);
      const doc = parseHtml(html);
      expect(doc.querySelectorAll('[onerror]'), page).toHaveLength(0);
      expect(doc.querySelectorAll('img').filter((img) => img.getAttribute('src') === 'x'), page).toHaveLength(0);
      // The chart's axis label reads as the text of the cell.
      expect(doc.querySelectorAll('svg text').some((t) => t.text === label), page).toBe(true);
    }
    const svg = await readFile(join(root, 'dist/charts/rates.svg'), 'utf8');
    expect(svg).toContain(`>${escaped}</text>`);
    expect(svg).not.toContain(label);
    const spec = JSON.parse(await readFile(join(root, 'dist/charts/rates.vl.json'), 'utf8')) as { data: { values: { group: string }[] } };
    expect(spec.data.values[0]!.group).toBe(label);
  });

  test('hostile cells written in the spec (Altair\'s datasets) are data like a CSV\'s: escaped in the page, the SVG, the table and the published spec; formulas neutralised in the download', async () => {
    const { root, result } = await build('bad-markup-inline');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const label = '<img src=x onerror=alert(1)>';
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    const script = '</script><script>alert(1)</script>';
    const formula = '=HYPERLINK("https://evil.example","x")';
    for (const page of ['index.html', 'embed/rates/index.html', 'charts/index.html']) {
      const html = await readFile(join(root, 'dist', page), 'utf8');
      expect(html, page).toContain(escaped);
      expect(html, page).not.toContain(label);
      expect(html, page).not.toContain(script);
      const doc = parseHtml(html);
      expect(doc.querySelectorAll('[onerror]'), page).toHaveLength(0);
      expect(doc.querySelectorAll('svg text').some((t) => t.text === label), page).toBe(true);
    }
    const svg = await readFile(join(root, 'dist/charts/rates.svg'), 'utf8');
    expect(svg).toContain(`>${escaped}</text>`);
    expect(svg).not.toContain(label);
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
