/**
 * What `npm run validate` says about an author's mistakes in report.yaml,
 * frontmatter, component attributes, values and provenance: each at its file
 * and line, with the fix. Checked in process (no build) on the minimal fixture
 * with one file changed.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkReport } from '../../src/report/check-report.ts';
import { copySite, runScript } from '../support/sites.ts';

let site: string;
beforeAll(async () => {
  site = await copySite('minimal', 'report-checks');
});
afterAll(async () => {
  await rm(site, { recursive: true, force: true });
});

/** The problems checkReport finds with `file` edited, the file restored afterwards. */
async function problemsWith(file: string, edit: (text: string) => string): Promise<string[]> {
  const path = join(site, file);
  const original = await readFile(path, 'utf8');
  await writeFile(path, edit(original));
  try {
    return (await checkReport(site)).problems.map(formatProblem);
  } finally {
    await writeFile(path, original);
  }
}

const FINDING = 'content/chapters/finding-one.mdx';
const OVERVIEW = 'content/chapters/overview.mdx';
const CHART = 'content/charts/rates.vl.json';

describe('frontmatter', () => {
  test('an unquoted date says to quote it, at its line (Astro would read it as a date)', async () => {
    expect(await problemsWith(FINDING, (t) => t.replace('row: treated', 'row: 2014-08-11'))).toEqual([
      'content/chapters/finding-one.mdx:9 headline.row: expected string, got the date 2014-08-11 (quote it: row: "2014-08-11")',
    ]);
  });

  test('a report may have five findings; a gap in their numbers is an error', async () => {
    expect(await problemsWith(FINDING, (t) => t.replace('number: 1', 'number: 5'))).toEqual([
      'content/chapters/finding-one.mdx number: expected findings numbered 1 to 1 without gaps, got 5',
    ]);
  });

  test('a finding without a headline or evidence is fine', async () => {
    expect(await problemsWith(FINDING, (t) => t.replace(/headline:\n(  .*\n)+/, '').replace('evidence: [rates]\n', ''))).toEqual([]);
  });
});

describe('report.yaml', () => {
  test('a misspelt key and a bad language tag are reported at their own lines', async () => {
    expect((await problemsWith('content/report.yaml', (t) => t.replace('license: CC BY 4.0', 'licence: CC BY 4.0\nlang: english'))).sort()).toEqual([
      'content/report.yaml:14 licence: expected one of the known keys (title, subtitle, kind, kind_note, lang, authors, date, abstract, sources, license, site, base, cite, citation, pages, time_zone, chart_lint, labels), got unknown key "licence" (did you mean "license"?)',
      'content/report.yaml:15 lang: expected a language tag like "en" or "pt-BR", got "english"',
    ]);
  });

  test('only title, authors, date and abstract are required', async () => {
    const minimalYaml = 'title: Just a title\nauthors:\n  - name: A. Author\ndate: 2026-01-01\nabstract: One line.\n';
    expect(await problemsWith('content/report.yaml', () => minimalYaml)).toEqual([]);
    expect(await problemsWith('content/report.yaml', () => minimalYaml.replace('abstract: One line.\n', ''))).toEqual([
      'content/report.yaml:1 abstract: expected string, got nothing (add the required key "abstract")',
    ]);
  });

  test('an unknown label is named with the labels that exist', async () => {
    const [problem] = await problemsWith('content/report.yaml', (t) => `${t}labels:\n  figur: Abbildung\n`);
    expect(problem).toMatch(/^content\/report\.yaml:17 labels\.figur: expected one of the known keys \(byline, .*figure.*\), got unknown key "figur" \(did you mean "figure"\?\)$/);
  });
});

describe('components in chapters', () => {
  test('an unknown component is named at its line, with the closest one', async () => {
    expect(await problemsWith(OVERVIEW, (t) => t.replace('<Value dataset', '<Vaule dataset'))).toEqual([
      'content/chapters/overview.mdx:7:27 <Vaule>: expected one of the components (Chart, Ref, Value, FindingsSummary, Cite, References, Math), got "Vaule" (did you mean <Value>?)',
    ]);
  });

  test('an unknown attribute and a missing one are named at the component', async () => {
    expect((await problemsWith(FINDING, (t) => t.replace('<Chart id="rates" />', '<Chart idd="rates" />'))).sort()).toEqual([
      'content/chapters/finding-one.mdx:18:1 <Chart> id: expected string, got nothing (add id="…")',
      'content/chapters/finding-one.mdx:18:1 <Chart>: expected attributes of <Chart> (id), got unknown attribute "idd" (did you mean id?)',
    ]);
  });

  test('an expression where a string belongs says to write a string', async () => {
    expect(await problemsWith(FINDING, (t) => t.replace('<Chart id="rates" />', '<Chart id={"rates"} />'))).toEqual([
      'content/chapters/finding-one.mdx:18:1 <Chart> id: expected string, got the expression {"rates"} (write id="…" with a plain string)',
    ]);
  });
});

describe('derived values', () => {
  const value = (attrs: string) => (t: string) => t.replace(/<Value [^>]*\/>/, `<Value dataset="results" ${attrs} />`);

  test('a statistic of a text column, an unknown stat and an unknown where column are each explained', async () => {
    expect(await problemsWith(OVERVIEW, value('stat="mean" field="group"'))).toEqual([
      'content/chapters/overview.mdx:7:27 <Value>: expected a number column for stat="mean", got "control" in group (use a column whose schema is number(), percent() or count())',
    ]);
    expect(await problemsWith(OVERVIEW, value('stat="avg" field="rate_pct"'))).toEqual([
      'content/chapters/overview.mdx:7:27 <Value> stat: expected one of "count"|"share"|"sum"|"mean"|"median"|"min"|"max", got "avg"',
    ]);
    expect(await problemsWith(OVERVIEW, value('stat="count" where="grup = treated"'))).toEqual([
      'content/chapters/overview.mdx:7:27 <Value>: expected a column of data/results.csv (group, rate_pct, source_url), got "grup" (did you mean "group"?)',
    ]);
  });

  test('row and stat together, or neither, say which to use', async () => {
    expect(await problemsWith(OVERVIEW, value('row="treated" field="rate_pct" stat="max"'))).toEqual([
      'content/chapters/overview.mdx:7:27 <Value> stat: expected either row (one cell) or stat (over rows), not both, got "max"',
    ]);
  });

  test('a placeholder in a chart caption is checked at the caption', async () => {
    expect(await problemsWith(CHART, (t) => t.replace('"caption": "Rates in percent."', `"caption": "Best: {{ dataset='results' stat='max' field='rate' }}."`))).toEqual([
      'content/charts/rates.vl.json:5:17 usermeta.caption: expected a column of data/results.csv (group, rate_pct, source_url), got "rate"',
    ]);
  });

  test('placeholders naming a misspelt dataset are reported once per key, with the closest name', async () => {
    const twice = `"caption": "From {{ dataset='resluts' row='control' field='rate_pct' }} to {{ dataset='resluts' row='treated' field='rate_pct' }}."`;
    expect(await problemsWith(CHART, (t) => t.replace('"caption": "Rates in percent."', twice))).toEqual([
      'content/charts/rates.vl.json:5:17 usermeta.caption: expected a dataset in data/ (results), got "resluts" (did you mean "results"?)',
    ]);
  });

  test('a chart\'s placeholders over a dataset with problems of its own add nothing: the dataset\'s problem says what to fix', async () => {
    const csv = join(site, 'data/results.csv');
    const data = await readFile(csv, 'utf8');
    await writeFile(csv, data.replace('control,40,', 'control,40%,'));
    try {
      expect(await problemsWith(CHART, (t) => t.replace('"caption": "Rates in percent."', `"caption": "Control: {{ dataset='results' row='control' field='rate_pct' }}."`))).toEqual([
        'data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "40%" (write the number without the % sign)',
      ]);
    } finally {
      await writeFile(csv, data);
    }
  });

  test('values in captions, descriptions and claims are printed from the data', async () => {
    const path = join(site, CHART);
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace('"caption": "Rates in percent."', `"caption": "Mean {{ dataset='results' stat='mean' field='rate_pct' format='percent' }} of {{ dataset='results' stat='count' format='integer' }} groups."`));
    try {
      const result = runScript('build', site);
      expect(result.stderr).toBe('');
      const html = await readFile(join(site, 'dist/index.html'), 'utf8');
      expect(html).toMatch(/<span class="chart-caption">Mean <data class="value" value="26.25"[^>]*data-stat="mean"[^>]*>26.25%<\/data> of <data class="value" value="2"[^>]*>2<\/data> groups.<\/span>/);
    } finally {
      await writeFile(path, original);
    }
  });
});

describe('provenance', () => {
  test('a dataset with neither a source nor a source_url column is refused at validate time, naming the schema line', async () => {
    // A fresh copy per schema: a schema module, once imported, stays loaded in this process.
    const withSchema = async (edit: (schema: string) => string) => {
      const copy = await copySite('minimal', 'provenance');
      const csv = join(copy, 'data/results.csv');
      await writeFile(csv, (await readFile(csv, 'utf8')).replace(/,source_url$/m, '').replace(/,https:\/\/example.org\/paper$/gm, ''));
      const schema = join(copy, 'data/results.schema.ts');
      await writeFile(schema, edit((await readFile(schema, 'utf8')).replace('    source_url: sourceUrl(),\n', '')));
      const problems = (await checkReport(copy)).problems.map(formatProblem);
      await rm(copy, { recursive: true, force: true });
      return problems;
    };
    expect(await withSchema((t) => t)).toEqual([
      'data/results.schema.ts:3 source: expected where the numbers come from: a dataset-level source, or a source_url column, got neither (add source: { label: "My experiment, 2026", url: "https://…" } to defineDataset, or a source_url: sourceUrl() column naming each row\'s source)',
    ]);
    expect(await withSchema((t) => t.replace("description: 'Rate by group, in % of samples.',", "description: 'Rate by group, in % of samples.',\n  source: { label: 'Our lab', url: 'https://example.org/lab' },"))).toEqual([]);
  });
});
