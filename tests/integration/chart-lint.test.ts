/**
 * The chart lint, run in-process through checkReport as `npm run validate`
 * and `npm run build` run it: each tests/fixtures/lint-* fixture plants one
 * way a chart can mislead a reader, laid over tests/fixtures/minimal, and
 * must be reported with a message that names the chart file, its line and the
 * fix: a warning by default (the site is built), an error with
 * `chart_lint: error` in report.yaml. The fixture reports must pass with no
 * problems and no warnings at all (the repository's own report is checked by
 * its build in tests/content/).
 */
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkReport } from '../../src/report/check-report.ts';
import { copySite } from '../support/sites.ts';

const sites: string[] = [];
afterAll(async () => {
  await Promise.all(sites.map((s) => rm(s, { recursive: true, force: true })));
});

/** What the lint says about a fixture: its warnings, and no problem (the site would be built). */
async function problemsOf(fixture: string): Promise<string[]> {
  const root = await copySite(fixture);
  sites.push(root);
  const checked = await checkReport(root);
  return [...checked.problems, ...checked.warnings].map(formatProblem);
}

async function warningsOf(fixture: string): Promise<string[]> {
  const root = await copySite(fixture);
  sites.push(root);
  const checked = await checkReport(root);
  expect(checked.problems.map(formatProblem)).toEqual([]);
  return checked.warnings.map(formatProblem);
}

describe('the chart lint', () => {
  test('passes the minimal fixture and both whole fixture reports (every chart family) without a single problem', async () => {
    expect(await problemsOf('minimal')).toEqual([]);
    expect(await problemsOf('report-full')).toEqual([]);
    expect(await problemsOf('report-seattle')).toEqual([]);
  });

  test('catches bars on a log scale: they start at 0 and have no width', async () => {
    expect(await warningsOf('lint-log-bars')).toEqual([
      'content/charts/rates.vl.json:7:3 mark: expected every bar drawn with a size, got 2 of 2 bars with no size or position (rows "control", "treated"), a value the scale cannot place at the wide and narrow layouts (bars start at 0, which a log scale cannot show: use a linear scale, or draw points instead of bars; or, if the reader is not misled, opt out with "usermeta": {"lint": {"area": "the reason"}})',
    ]);
  });

  test('catches a point outside a fixed scale domain', async () => {
    expect(await warningsOf('lint-clipped-point')).toEqual([
      'content/charts/rates.vl.json:11:68 encoding.x.scale.domain: expected every value of the points inside the fixed x domain [0,20], got 1 point with a value outside it (row "control"), drawn off the plot or squeezing it at the wide and narrow layouts (widen x.scale.domain to include every value, or filter those rows out and say so in the caption; or, if the reader is not misled, opt out with "usermeta": {"lint": {"clipped": "the reason"}})',
    ]);
  });

  test('catches an empty cell printed as "null" in a tooltip and in the aria text', async () => {
    const problems = await warningsOf('lint-null-tooltip');
    expect(problems).toEqual([
      expect.stringMatching(/^content\/charts\/rates\.vl\.json:14:7 encoding\.tooltip\.1: expected the tooltip and the aria text read by screen readers without null, undefined or NaN, got "Note: null" for 1 row \(row "treated"\) at the wide and narrow layouts \(empty cells print as "null": give them a text with a calculate transform/),
    ]);
  });

  test('catches two lines drawn alike with no label of their own', async () => {
    expect(await warningsOf('lint-same-colour-lines')).toEqual([
      'content/charts/runs.vl.json:7:3 mark: expected each line told apart from the others, got 2 lines drawn alike (#0072B2), 2 without a label of its own at either end (rows "a1", "b1") at the wide and narrow layouts (label each line at its end (a text layer on the last point), give each its own colour or strokeDash, or draw one row per series; or, if the reader is not misled, opt out with "usermeta": {"lint": {"series": "the reason"}})',
    ]);
  });

  test('catches a lower bound drawn as an exact value', async () => {
    expect(await warningsOf('lint-bound-exact')).toEqual([
      'content/charts/rates.vl.json:7:3 mark: expected a lower bound drawn as a bound, got rate_pct of row "control" in data/results.csv (rate_bound: lower, so "over 40") drawn as an exact value by a bar at the wide and narrow layouts (say "over" in its label (e.g. a text layer printing "over 40"), or draw it with its own shape, fill or dash and explain it in the caption; or, if the reader is not misled, opt out with "usermeta": {"lint": {"bounds": "the reason"}})',
    ]);
  });

  test('with chart_lint: error in report.yaml the same finding is an error, and nothing is a warning', async () => {
    const root = await copySite('lint-strict');
    sites.push(root);
    const checked = await checkReport(root);
    expect(checked.warnings).toEqual([]);
    expect(checked.problems.map(formatProblem)).toEqual(await warningsOf('lint-log-bars'));
  });

  test('an opt-out needs a known rule and a reason: a malformed one is an error, and the finding it meant to excuse stays a warning', async () => {
    const root = await copySite('lint-opt-out');
    sites.push(root);
    const checked = await checkReport(root);
    expect(checked.problems.map(formatProblem)).toEqual([
      'content/charts/rates.vl.json:8:15 usermeta.lint.area: expected the reason this chart may have marks that have no visible area, in words, got "\\"\\"" (write why the reader is not misled, e.g. "the zero-length bars are the zeros of the data; their labels say 0")',
      'content/charts/rates.vl.json:8:27 usermeta.lint.overlp: expected a chart lint rule (area, clipped, null, overlap, series, bounds), got "overlp" (did you mean "overlap"?)',
    ]);
    expect(checked.warnings.map(formatProblem)).toEqual([expect.stringMatching(/^content\/charts\/rates\.vl\.json:11:3 mark: expected every bar drawn with a size/)]);
  });
});
