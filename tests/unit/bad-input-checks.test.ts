/**
 * Every class of bad input, checked in process: the report's checks
 * (checkReport, what `npm run build` and `npm run validate` run first) find
 * exactly the problem lines the build prints, for each fixture. No site is
 * built; tests/integration/bad-input.test.ts builds one case per family and
 * checks the exit code, the summary and that dist/ is left as it was.
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect, test } from 'vitest';
import { formatProblems } from '../../src/errors/report-error.ts';
import { checkReport } from '../../src/report/check-report.ts';
import { REFUSED } from '../support/bad-inputs.ts';
import { copySite } from '../support/sites.ts';

const sites: string[] = [];
afterAll(async () => {
  await Promise.all(sites.map((s) => rm(s, { recursive: true, force: true })));
});

const FRONTMATTER_TYPO: [string, string[]] = ['bad-frontmatter-typo', ['content/chapters/overview.mdx:5 sumary: expected one of the known keys (title, order, summary, kind, number, claim, headline, evidence), got unknown key "sumary" (did you mean "summary"?)']];

test.each([...REFUSED, FRONTMATTER_TYPO])('%s', async (name, expected) => {
  const root = await copySite(name, `checks-${name}`);
  sites.push(root);
  const { problems } = await checkReport(root);
  expect(formatProblems(problems).split('\n')).toEqual(expected);
}, 60_000);
