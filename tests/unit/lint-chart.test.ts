/**
 * The chart lint on small specs compiled and run by the real Vega: what it
 * refuses, what it lets through (the fixed versions of the same charts), and
 * how opt-outs work. The report-level cases (fixtures through checkReport)
 * are in tests/integration/chart-lint.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { CHART_WIDTH, NARROW_WIDTH, narrowChartConfig } from '../../src/pipeline/chart-theme.ts';
import { compileChart } from '../../src/pipeline/compile-chart.ts';
import { lintChart, type LintDataset } from '../../src/pipeline/lint-chart.ts';

const FILE = 'content/charts/test.vl.json';

async function lint(spec: Record<string, unknown>, datasets: LintDataset[] = []): Promise<string[]> {
  const wide = compileChart(spec, FILE, CHART_WIDTH);
  const narrow = compileChart(spec, FILE, NARROW_WIDTH, narrowChartConfig);
  if (!wide.ok || !narrow.ok) throw new Error('spec does not compile');
  const text = JSON.stringify(spec, null, 2);
  const layouts = [{ name: 'wide', vegaSpec: wide.vegaSpec }, { name: 'narrow', vegaSpec: narrow.vegaSpec }];
  const { problems, warnings } = await lintChart({ file: FILE, text, spec: JSON.parse(text), layouts, datasets });
  // Findings are warnings; only a chart the lint cannot check is an error (chart-lint.test.ts covers both).
  expect(problems).toEqual([]);
  return warnings.map(formatProblem);
}

const rows = [
  { id: 'a', group: 'control', rate: 40, note: 'twice' },
  { id: 'b', group: 'treated', rate: 12.5, note: 'once' },
];
const bars = (extra: Record<string, unknown> = {}) => ({
  data: { values: rows },
  mark: 'bar',
  height: { step: 30 },
  encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'rate', type: 'quantitative', scale: { domain: [0, 100] } }, tooltip: [{ field: 'group' }, { field: 'note' }] },
  ...extra,
});

describe('lintChart', () => {
  test('lets a plain bar chart through', async () => {
    expect(await lint(bars())).toEqual([]);
  });

  test('zero-valued bars are the data: a chart with one is fine, a chart of nothing but is not', async () => {
    const zero = [{ id: 'a', group: 'control', rate: 0, note: 'none' }, { id: 'b', group: 'treated', rate: 30, note: 'none' }];
    expect(await lint({ ...bars(), data: { values: zero } })).toEqual([]);
    const problems = await lint({ ...bars(), data: { values: zero.map((r) => ({ ...r, rate: 0 })) } });
    expect(problems).toEqual([expect.stringMatching(/^content\/charts\/test\.vl\.json:\d+:\d+ mark: expected bars a reader can see, got 2 bars, none with a visible area at the wide and narrow layouts/)]);
  });

  test('marks the reader reveals are not invisible marks: a brush before dragging, a rule shown on hover; a mark hidden for good still is', async () => {
    // An interval selection's brush is an empty rect until the reader drags (Vega-Lite's selection_type_interval).
    expect(await lint({ ...bars(), params: [{ name: 'brush', select: 'interval' }] })).toEqual([]);
    // A rule whose opacity follows a hover selection (the gallery's multi-line tooltip pattern).
    const hoverRule = {
      data: { values: rows },
      height: { step: 30 },
      encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'rate', type: 'quantitative', scale: { domain: [0, 100] } } },
      layer: [
        { mark: 'point' },
        { mark: 'rule', params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', clear: 'pointerout' } }], encoding: { opacity: { condition: { param: 'hover', value: 1, empty: false }, value: 0 } } },
      ],
    };
    expect(await lint(hoverRule)).toEqual([]);
    // The same rule with a constant opacity of 0 is drawn for nobody.
    const hidden = { ...hoverRule, layer: [hoverRule.layer[0], { mark: 'rule', encoding: { opacity: { value: 0 } } }] };
    expect(await lint(hidden)).toEqual([expect.stringMatching(/layer\.1\.mark: expected rules a reader can see, got 2 rules, none with a visible area/)]);
  });

  test('finds labels that run past the edge, and the fix (room on the right) removes the problem', async () => {
    // Vega's fit-x leaves room for most labels; with a long label at 0 it does not for the one near 100.
    const labelled = (padding?: Record<string, number>) => ({
      data: { values: [{ id: 'a', model: 'Claude Opus 4', x: 96, t: '96%' }, { id: 'b', model: 'Claude Sonnet 4.5', x: 0, t: 'well under 1%, not exactly 0' }] },
      height: { step: 28 },
      ...(padding ? { padding } : {}),
      encoding: { y: { field: 'model', type: 'nominal', sort: null }, x: { field: 'x', type: 'quantitative', scale: { domain: [0, 100] } } },
      layer: [{ mark: { type: 'text', align: 'left', dx: 9 }, encoding: { text: { field: 't' } } }],
    });
    expect(await lint(labelled())).toEqual([expect.stringMatching(/^content\/charts\/test\.vl\.json:\d+:\d+ layer\.0\.encoding\.text: expected the text marks inside the chart, got "96%" running past its right edge at the wide and narrow layouts/)]);
    expect(await lint(labelled({ left: 4, top: 4, bottom: 4, right: 40 }))).toEqual([]);
  });

  test('finds mark labels drawn over each other', async () => {
    const spec = {
      data: { values: [{ id: 'a', x: 10, y: 10, name: 'first label' }, { id: 'b', x: 11, y: 10, name: 'second label' }] },
      mark: { type: 'text' },
      encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 100] } }, y: { field: 'y', type: 'quantitative', scale: { domain: [0, 100] } }, text: { field: 'name' } },
    };
    expect(await lint(spec)).toEqual([expect.stringContaining('encoding.text: expected labels that do not overlap, got the text mark "second label" drawn over the text mark "first label"')]);
  });

  test('rotated axis labels overlap only if their rotated boxes do, not their bounding boxes', async () => {
    const teams = ['Infrastructure', 'Mobile applications', 'Platform services', 'Quality assurance', 'Data engineering'];
    const spec = (labelAngle: number) => ({
      data: { values: teams.map((team, i) => ({ id: team, team, reviews: 10 + i })) },
      mark: 'bar',
      height: 200,
      encoding: { x: { field: 'team', type: 'nominal', axis: { labelAngle } }, y: { field: 'reviews', type: 'quantitative' } },
    });
    expect(await lint(spec(0))).toEqual(expect.arrayContaining([expect.stringContaining('encoding.x.axis: expected labels that do not overlap, got the x axis label')]));
    expect(await lint(spec(-40))).toEqual([]);
  });

  test('lines of one colour pass once each is labelled at its end', async () => {
    const values = [
      { id: 'a1', run: 'run A', step: 1, v: 40 },
      { id: 'a2', run: 'run A', step: 2, v: 20 },
      { id: 'b1', run: 'run B', step: 1, v: 80 },
      { id: 'b2', run: 'run B', step: 2, v: 60 },
    ];
    const encoding = { x: { field: 'step', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', scale: { domain: [0, 100] } }, detail: { field: 'run' } };
    expect(await lint({ data: { values }, mark: 'line', encoding })).toEqual([expect.stringContaining('expected each line told apart from the others, got 2 lines drawn alike')]);
    const labelled = {
      data: { values },
      encoding,
      padding: { left: 4, top: 4, bottom: 4, right: 50 },
      layer: [{ mark: 'line' }, { transform: [{ filter: 'datum.step === 2' }], mark: { type: 'text', align: 'left', dx: 6 }, encoding: { text: { field: 'run' } } }],
    };
    expect(await lint(labelled)).toEqual([]);
  });

  test('a bound drawn with "over" in its label passes; the same bar without it does not', async () => {
    const dataset: LintDataset = {
      file: 'data/results.csv',
      key: 'id',
      columns: [{ name: 'rate', info: {} }, { name: 'rate_bound', info: { boundOf: 'rate' } }],
      table: { rows: [{ id: 'a', rate: 40, rate_bound: 'lower' }, { id: 'b', rate: 12.5, rate_bound: null }] },
    };
    const values = dataset.table.rows.map((r) => ({ ...r, group: r.id }));
    const spec = (text: string) => ({
      data: { values },
      height: { step: 30 },
      encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'rate', type: 'quantitative', scale: { domain: [0, 100] } } },
      layer: [{ mark: 'bar' }, { transform: [{ calculate: text, as: 'label' }], mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'label' } } }],
    });
    const exact = await lint(spec("datum.rate + '%'"), [dataset]);
    expect(exact).toEqual([expect.stringContaining('expected a lower bound drawn as a bound, got rate of row "a" in data/results.csv (rate_bound: lower, so "over 40") drawn as an exact value by a bar and the label "40%"')]);
    expect(await lint(spec("(datum.rate_bound === 'lower' ? 'over ' : '') + datum.rate + '%'"), [dataset])).toEqual([]);
  });

  test('a missing value printed is refused, the word "null" in prose is not', async () => {
    const prose = [{ id: 'a', group: 'the null model', rate: 40, note: 'compared with the null model' }, rows[1]];
    expect(await lint({ ...bars(), data: { values: prose }, description: 'Rates against the null model.' })).toEqual([]);
    const nan = await lint({ ...bars(), transform: [{ calculate: 'datum.rate / 0 * 0', as: 'ratio' }], encoding: { ...bars().encoding, tooltip: [{ field: 'group' }, { field: 'ratio', title: 'Ratio' }] } });
    expect(nan).toEqual([expect.stringContaining('got "Ratio: NaN" in 4 items at the wide and narrow layouts (a value that is not a number prints as "NaN"')]);
  });

  test('an opt-out with a reason silences its rule; one with nothing to excuse is an error', async () => {
    const withNull = bars({ data: { values: [{ ...rows[0], note: null }, rows[1]] } });
    expect((await lint(withNull)).join('\n')).toContain('"note: null"');
    const usermeta = { lint: { null: 'the empty note is shown as null on purpose in this test' } };
    expect(await lint({ ...withNull, usermeta })).toEqual([]);
    expect(await lint({ ...bars(), usermeta })).toEqual([expect.stringMatching(/usermeta\.lint\.null: expected an opt-out only where the chart lint finds something, got nothing to excuse for "null" \(remove the opt-out\)$/)]);
  });
});
