/**
 * Write a synthetic report of any size: N chapters, M charts, datasets of R rows,
 * and optionally one very large dataset behind a single aggregated chart.
 * Deterministic: the same options always give byte-identical files (seeded PRNG).
 *
 *   node bench/generate-synthetic.ts <dir> --chapters 10 --charts 50 --rows 200 [--seed 1] [--big-rows 1000000 [--no-big-chart]] [--selections]
 *
 * <dir> must be inside the repository (dataset schemas import `#schema`).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

export interface SyntheticOptions {
  chapters: number;
  charts: number;
  /** Rows per dataset. */
  rows: number;
  seed?: number;
  /** Datasets the charts read (default: one per 5 charts). */
  datasets?: number;
  /** When set, add data/big.csv with this many rows, read by a <Value> in the overview... */
  bigRows?: number;
  /** ...and by one chart (`big-aggregate`) that aggregates it (default true). */
  bigChart?: boolean;
  /** report.yaml `pages:` (default: the generator's default, auto). */
  pages?: 'single' | 'chapters' | 'auto';
  /** Give every chart a selection (click a bar, or a legend entry of a line chart, to highlight its group): charts that need the Vega runtime. */
  selections?: boolean;
}

export const BIG_CHART_ID = 'big-aggregate';
export const BIG_DATASET = 'big';
const SOURCE = 'https://example.org/synthetic-study';
const GROUPS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const CONFIDENCE = ['primary', 'primary', 'primary', 'secondary', 'primary_figure_alt', 'inferred'];
const WORDS = (
  'model training data evaluation rate result sample baseline intervention scenario agent policy reward ' +
  'behaviour measure effect study group period value share change increase decrease robust variance signal ' +
  'method estimate prompt response checkpoint dataset comparison difference trend across within between after ' +
  'before under over holds shows suggests indicates remains stays drops rises the a of in on for with and'
).split(' ');

/** mulberry32: a small, fast, seeded PRNG (never Math.random). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const datasetName = (d: number) => `ds${pad(d + 1, 3)}`;
export const chartId = (c: number) => `c${pad(c + 1, 4)}`;
const rowKey = (i: number, width: number) => `r${pad(i + 1, width)}`;

function sentence(random: () => number, words = 10 + Math.floor(random() * 10)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
const paragraph = (random: () => number, sentences = 4) => Array.from({ length: sentences }, () => sentence(random)).join(' ');

const SCHEMA = (description: string) => `import { confidence, count, defineDataset, number, optional, percent, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: ${JSON.stringify(description)},
  columns: {
    id: text(),
    group: text('Synthetic group'),
    period: number({ min: 1, integer: true, description: 'Synthetic period' }),
    value_pct: percent('Synthetic rate, in %'),
    n_samples: count('samples'),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
`;

const HEADER = 'id,group,period,value_pct,n_samples,confidence,source_url,note\n';

/** Write one dataset's CSV, streaming in chunks (a million rows is ~60 MB). */
async function writeCsv(file: string, rows: number, random: () => number): Promise<void> {
  const stream = createWriteStream(file);
  const width = Math.max(4, String(rows).length);
  const groups = Math.min(GROUPS.length, rows);
  let chunk = HEADER;
  for (let i = 0; i < rows; i++) {
    const group = GROUPS[i % groups]!;
    const period = Math.floor(i / groups) + 1;
    const value = (Math.round(random() * 1000) / 10).toFixed(1);
    const n = 50 + Math.floor(random() * 950);
    const conf = CONFIDENCE[Math.floor(random() * CONFIDENCE.length)]!;
    const note = random() < 0.1 ? 'read from a figure' : '';
    chunk += `${rowKey(i, width)},${group},${period},${value},${n},${conf},${SOURCE},${note}\n`;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'finish');
}

interface ChartPlan {
  id: string;
  dataset: string;
  kind: 'bar-mean' | 'line' | 'bar-filter' | 'big';
}

/** The chart with a point selection on its groups: the clicked bar (or legend entry of a line chart) stays opaque, the others fade. */
function withSelection(spec: Record<string, unknown>, kind: ChartPlan['kind']): Record<string, unknown> {
  const encoding = spec.encoding as Record<string, unknown>;
  const param = kind === 'line' ? { name: 'focus', select: { type: 'point', fields: ['group'] }, bind: 'legend' } : { name: 'focus', select: { type: 'point', fields: ['group'], on: 'click' } };
  return { ...spec, params: [param], encoding: { ...encoding, opacity: { condition: { param: 'focus', value: 1 }, value: 0.3 } } };
}

function chartSpec(plan: ChartPlan, n: number, selections = false): Record<string, unknown> {
  const spec = plainChartSpec(plan, n);
  return selections && plan.kind !== 'big' ? withSelection(spec, plan.kind) : spec;
}

function plainChartSpec(plan: ChartPlan, n: number): Record<string, unknown> {
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Synthetic chart ${n}: ${plan.kind === 'line' ? 'rate over time' : 'rate by group'} (${plan.dataset})`,
    description: `Synthetic ${plan.kind} chart number ${n} over data/${plan.dataset}.csv, showing value_pct ${plan.kind === 'line' ? 'by period for each group' : 'for each group'}.`,
    usermeta: { caption: `Synthetic data generated for the benchmark (chart ${n}).`, source: { label: 'Synthetic study', url: SOURCE } },
    data: { url: `data/${plan.dataset}.csv` },
  };
  const domain = { domain: [0, 100] };
  switch (plan.kind) {
    case 'bar-mean':
      return {
        ...common,
        mark: 'bar',
        height: { step: 22 },
        encoding: {
          y: { field: 'group', type: 'nominal', title: 'Group' },
          x: { field: 'value_pct', type: 'quantitative', aggregate: 'mean', scale: domain, title: 'Mean rate (%)' },
          tooltip: [{ field: 'group', title: 'Group' }, { field: 'value_pct', aggregate: 'mean', format: '.1f', title: 'Mean rate (%)' }],
        },
      };
    case 'line':
      return {
        ...common,
        mark: { type: 'line', point: true },
        height: 260,
        encoding: {
          x: { field: 'period', type: 'quantitative', title: 'Period' },
          y: { field: 'value_pct', type: 'quantitative', scale: domain, title: 'Rate (%)' },
          color: { field: 'group', type: 'nominal', title: 'Group' },
          // 8 groups, 5 colours: solid and dashed lines keep every group's line its own (the chart lint's series rule).
          strokeDash: { field: 'group', type: 'nominal', title: 'Group', scale: { range: [[1, 0], [6, 3]] } },
          tooltip: [{ field: 'group' }, { field: 'period' }, { field: 'value_pct', title: 'Rate (%)' }, { field: 'n_samples' }],
        },
      };
    case 'bar-filter':
      return {
        ...common,
        transform: [{ filter: 'datum.period === 1' }],
        mark: 'bar',
        height: { step: 22 },
        encoding: {
          y: { field: 'group', type: 'nominal', title: 'Group' },
          x: { field: 'value_pct', type: 'quantitative', scale: domain, title: 'Rate in period 1 (%)' },
          tooltip: [{ field: 'id' }, { field: 'group' }, { field: 'value_pct', title: 'Rate (%)' }, { field: 'confidence' }],
        },
      };
    case 'big':
      return {
        ...common,
        title: 'Mean rate by group over a very large dataset',
        description: 'One bar per group: the mean of value_pct over every row of data/big.csv, aggregated by Vega-Lite.',
        transform: [{ aggregate: [{ op: 'mean', field: 'value_pct', as: 'mean_value' }, { op: 'count', as: 'rows' }], groupby: ['group'] }],
        mark: 'bar',
        height: { step: 22 },
        encoding: {
          y: { field: 'group', type: 'nominal', title: 'Group' },
          x: { field: 'mean_value', type: 'quantitative', scale: domain, title: 'Mean rate (%)' },
          tooltip: [{ field: 'group' }, { field: 'mean_value', format: '.2f', title: 'Mean rate (%)' }, { field: 'rows', title: 'Rows' }],
        },
      };
  }
}

const REPORT_YAML = (o: SyntheticOptions) => `title: Synthetic benchmark report
subtitle: ${o.chapters} chapters, ${o.charts} charts, datasets of ${o.rows} rows${o.bigRows ? (o.bigChart === false ? `, plus a dataset of ${o.bigRows} rows` : `, plus one aggregated chart over ${o.bigRows} rows`) : ''}
kind_note: Generated by bench/generate-synthetic.ts; the numbers are random.
authors:
  - name: Bench Generator
    affiliation: Example Lab
date: 2026-01-15
abstract: A synthetic report used to measure build time, memory and page weight at scale.
sources:
  - key: synthetic
    title: Synthetic study
    url: ${SOURCE}
license: CC BY 4.0
cite: Generator, B. (2026). Synthetic benchmark report.
${o.pages ? `pages: ${o.pages}\n` : ''}`;

/** Generate the report into `dir` (emptied first). Returns the number of files written. */
export async function generateSynthetic(dir: string, options: SyntheticOptions): Promise<{ files: number; charts: string[]; datasets: string[] }> {
  const o = { seed: 1, ...options };
  const random = prng(o.seed);
  const root = resolve(dir);
  await rm(join(root, 'content'), { recursive: true, force: true });
  await rm(join(root, 'data'), { recursive: true, force: true });
  await mkdir(join(root, 'content', 'chapters'), { recursive: true });
  await mkdir(join(root, 'content', 'charts'), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  let files = 0;

  await writeFile(join(root, 'content', 'report.yaml'), REPORT_YAML(o));
  files++;

  const datasetCount = Math.max(1, o.datasets ?? Math.ceil(o.charts / 5));
  const datasets = Array.from({ length: datasetCount }, (_, d) => datasetName(d));
  const keyWidth = Math.max(4, String(o.rows).length);
  for (const name of datasets) {
    await writeFile(join(root, 'data', `${name}.schema.ts`), SCHEMA(`Synthetic dataset ${name}: ${o.rows} rows of rates in %.`));
    await writeCsv(join(root, 'data', `${name}.csv`), o.rows, random);
    files += 2;
  }
  if (o.bigRows) {
    await writeFile(join(root, 'data', `${BIG_DATASET}.schema.ts`), SCHEMA(`A very large synthetic dataset: ${o.bigRows} rows of rates in %.`));
    await writeCsv(join(root, 'data', `${BIG_DATASET}.csv`), o.bigRows, random);
    files += 2;
  }

  const kinds = ['bar-mean', 'line', 'bar-filter'] as const;
  const plans: ChartPlan[] = Array.from({ length: o.charts }, (_, c) => ({ id: chartId(c), dataset: datasets[c % datasetCount]!, kind: kinds[c % kinds.length]! }));
  for (const [c, plan] of plans.entries()) {
    await writeFile(join(root, 'content', 'charts', `${plan.id}.vl.json`), `${JSON.stringify(chartSpec(plan, c + 1, o.selections), null, 2)}\n`);
    files++;
  }
  const big: ChartPlan | undefined = o.bigRows && o.bigChart !== false ? { id: BIG_CHART_ID, dataset: BIG_DATASET, kind: 'big' } : undefined;
  if (big) {
    await writeFile(join(root, 'content', 'charts', `${big.id}.vl.json`), `${JSON.stringify(chartSpec(big, 0), null, 2)}\n`);
    files++;
  }

  // Chapters: charts spread evenly in reading order; the first chapter is the
  // overview (with the big chart, if any), the last the caveats, up to four findings in between.
  const n = Math.max(1, o.chapters);
  const chartsOf = (j: number) => plans.slice(Math.floor((j * plans.length) / n), Math.floor(((j + 1) * plans.length) / n));
  const otherKinds = ['background', 'methods', 'appendix'] as const;
  let findings = 0;
  for (let j = 0; j < n; j++) {
    const mine = chartsOf(j);
    const id = `ch${pad(j + 1, 3)}`;
    let kind: string = otherKinds[j % otherKinds.length]!;
    if (j === 0) kind = 'overview';
    else if (j === n - 1 && n > 1) kind = 'caveats';
    else if (findings < 4 && mine.length > 0 && n >= 6) kind = 'finding';
    const front = [`title: Synthetic chapter ${j + 1}`, `order: ${j + 1}`, `kind: ${kind}`, `summary: ${sentence(random, 8).slice(0, -1)}`];
    if (kind === 'finding') {
      findings++;
      const row = rowKey(Math.floor(random() * o.rows), keyWidth);
      front.push(
        `number: ${findings}`,
        `claim: ${sentence(random, 12)}`,
        'headline:',
        `  dataset: ${mine[0]!.dataset}`,
        `  row: ${row}`,
        '  field: value_pct',
        '  format: percent',
        '  label: synthetic rate',
        `evidence: [${mine[0]!.id}]`,
      );
    }
    const body: string[] = [paragraph(random), paragraph(random, 3)];
    if (kind === 'overview') body.push('<FindingsSummary />');
    if (kind === 'caveats') body.push(Array.from({ length: 4 }, () => `- **${sentence(random, 3).slice(0, -1)}.** ${sentence(random)}`).join('\n'));
    if (j === 0 && o.bigRows) {
      const row = rowKey(o.bigRows - 1, Math.max(4, String(o.bigRows).length));
      body.push(`The largest dataset has ${o.bigRows} rows; its last row reads <Value dataset="${BIG_DATASET}" row="${row}" field="value_pct" format="percent" />.`);
      if (big) body.push(`<Chart id="${big.id}" />`);
    }
    for (const plan of mine) {
      const row = rowKey(Math.floor(random() * o.rows), keyWidth);
      body.push(
        `${sentence(random)} Row ${row} of ${plan.dataset} reached <Value dataset="${plan.dataset}" row="${row}" field="value_pct" format="percent" /> over <Value dataset="${plan.dataset}" row="${row}" field="n_samples" format="number" /> samples, as <Ref chart="${plan.id}" /> shows. ${sentence(random)}`,
        `<Chart id="${plan.id}" />`,
      );
    }
    await writeFile(join(root, 'content', 'chapters', `${id}.mdx`), `---\n${front.join('\n')}\n---\n\n${body.join('\n\n')}\n`);
    files++;
  }
  return { files, charts: [...(big ? [big.id] : []), ...plans.map((p) => p.id)], datasets: [...datasets, ...(big ? [BIG_DATASET] : [])] };
}

// CLI
if (import.meta.main) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const flag = (name: string, fallback?: number) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(args[i + 1]);
  };
  if (!dir) {
    console.error('usage: node bench/generate-synthetic.ts <dir inside the repo> --chapters N --charts M --rows R [--seed S] [--datasets D] [--big-rows B [--no-big-chart]] [--selections]');
    process.exit(1);
  }
  const started = performance.now();
  const result = await generateSynthetic(dir, {
    chapters: flag('chapters', 10)!,
    charts: flag('charts', 50)!,
    rows: flag('rows', 200)!,
    seed: flag('seed', 1),
    datasets: flag('datasets'),
    bigRows: flag('big-rows'),
    bigChart: !args.includes('--no-big-chart'),
    selections: args.includes('--selections'),
  });
  console.log(`wrote ${result.files} files (${result.charts.length} charts, ${result.datasets.length} datasets) into ${resolve(dir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
