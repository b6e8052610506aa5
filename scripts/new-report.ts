/**
 * `npm run new-report`: start your own report. The report now in content/ and
 * data/ moves to examples/<its-name>/ (it still builds, and `npm test` still
 * checks it), and a minimal report takes its place: one chapter, one dataset
 * with its schema, one chart. It builds and passes `npm test` as it is.
 *
 * Asks for a title and an author on a terminal; `--yes` (or CI=true) takes the
 * defaults, or `--title "…" --author "…"`.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify } from 'yaml';

const root = resolve(process.env.REPORT_ROOT ?? process.cwd());
const { values: flags } = parseArgs({ options: { yes: { type: 'boolean', short: 'y' }, title: { type: 'string' }, author: { type: 'string' } } });
const interactive = !flags.yes && !process.env.CI && process.stdin.isTTY;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** "Teaching Claude Why" -> "teaching-claude-why". */
function slug(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'previous-report';
}

async function ask(question: string, fallback: string): Promise<string> {
  if (!interactive) return fallback;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = (await rl.question(`${question} (${fallback}): `)).trim();
  rl.close();
  return answer || fallback;
}

const title = flags.title ?? (await ask('Title of your report', 'My Research Report'));
const author = flags.author ?? (await ask('Your name', 'Your Name'));
const today = new Date().toISOString().slice(0, 10);

// Keep the current report as an example, unless there is none yet.
let kept: string | undefined;
if (existsSync(join(root, 'content/report.yaml'))) {
  const current = parseYaml(await readFile(join(root, 'content/report.yaml'), 'utf8')) as { title?: string } | null;
  kept = join('examples', slug(current?.title ?? 'previous-report'));
  if (existsSync(join(root, kept))) fail(`${kept}/ already exists: the current report was kept there before. Move or delete it, then run npm run new-report again. Nothing was changed.`);
  await mkdir(join(root, kept), { recursive: true });
  for (const folder of ['content', 'data']) {
    if (existsSync(join(root, folder))) await cp(join(root, folder), join(root, kept, folder), { recursive: true });
  }
  await rm(join(root, 'content'), { recursive: true, force: true });
  await rm(join(root, 'data'), { recursive: true, force: true });
}

const files: Record<string, string> = {
  'content/report.yaml': stringify({
    title,
    subtitle: 'One sentence on what this report is about',
    kind: 'original',
    authors: [{ name: author }],
    date: today,
    abstract: 'What you did and what you found, in two or three sentences. It is the page description and the abstract in the citation.',
    license: 'Text and charts CC BY 4.0.',
  }),
  'content/chapters/overview.mdx': `---
title: Overview
order: 1
kind: overview
---

Every number in the prose comes from the data: the best of the
<Value dataset="results" stat="count" format="integer" /> conditions reached
<Value dataset="results" stat="max" field="score_pct" format="percent" />, and condition B scored
<Value dataset="results" row="b" field="score_pct" format="percent" />.

<Chart id="results" />

Change \`data/results.csv\`, run \`npm run build\`, and the numbers, the chart and its caption follow.
Add chapters in \`content/chapters/\` (findings, caveats, methods …); the README says how.
`,
  'content/charts/results.vl.json': `${JSON.stringify(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Score by condition',
      description: "Horizontal bars, one per condition, on a 0 to 100% scale; the best reaches {{ dataset='results' stat='max' field='score_pct' format='percent' }}.",
      usermeta: {
        caption: "{{ dataset='results' stat='count' format='integer' }} conditions; the mean is {{ dataset='results' stat='mean' field='score_pct' format='percent' }}.",
        source: { label: 'Our experiment', url: 'https://example.org/replace-me' },
      },
      data: { url: 'data/results.csv' },
      mark: 'bar',
      height: { step: 32 },
      encoding: {
        y: { field: 'condition', type: 'nominal', title: null, sort: '-x' },
        x: { field: 'score_pct', type: 'quantitative', scale: { domain: [0, 100] }, title: 'Score (%)' },
        tooltip: [
          { field: 'condition', title: 'Condition' },
          { field: 'score_pct', title: 'Score (%)' },
        ],
      },
    },
    null,
    2,
  )}\n`,
  'data/results.csv': 'id,condition,score_pct\na,Condition A,62\nb,Condition B,48\nc,Condition C,71\n',
  'data/results.schema.ts': `import { defineDataset, percent, text } from '#schema';

export default defineDataset({
  key: 'id', // the column that names a row, for <Value row="…">
  description: 'Score of each condition, in %.',
  // Where the numbers come from: your experiment, a paper, a repository.
  source: { label: 'Our experiment', url: 'https://example.org/replace-me' },
  columns: {
    id: text(),
    condition: text('The condition tested'),
    score_pct: percent('Score, in %'),
  },
});
`,
};
for (const [file, text] of Object.entries(files)) {
  await mkdir(join(root, file, '..'), { recursive: true });
  await writeFile(join(root, file), text);
}

console.log(`${kept ? `Kept the previous report in ${kept}/ (it still builds, and npm test still checks it).\n` : ''}Started "${title}" in ${relative(process.cwd(), join(root, 'content')) || 'content'}/ and ${relative(process.cwd(), join(root, 'data')) || 'data'}/:
  content/report.yaml            title, authors, date, abstract
  content/chapters/overview.mdx  the first chapter
  content/charts/results.vl.json a Vega-Lite chart of data/results.csv
  data/results.csv               your data, with its schema in data/results.schema.ts
Next: npm run dev (live preview), or npm run build && npm test.`);
