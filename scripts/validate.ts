/** `npm run validate`: check report.yaml, data, charts and chapters without building. */
import { resolve } from 'node:path';
import { formatLintWarnings, formatProblems } from '../src/errors/report-error.ts';
import { checkReport } from '../src/report/check-report.ts';

const root = resolve(process.env.REPORT_ROOT ?? process.cwd());
const started = performance.now();
try {
  const checked = await checkReport(root);
  const ms = Math.round(performance.now() - started);
  if (checked.problems.length > 0) {
    const n = checked.problems.length;
    console.error(`${formatProblems(checked.problems)}\n\n${n} problem${n === 1 ? '' : 's'} found; nothing was built.`);
    process.exit(1);
  }
  console.log(`ok: ${checked.chapters.length} chapters, ${checked.datasets.size} datasets, ${checked.charts.size} charts checked in ${ms} ms`);
  if (checked.warnings.length > 0) console.warn(formatLintWarnings(checked.warnings));
} catch (error) {
  // A bug in the generator, not in the content: say so plainly, with the message only.
  console.error(`internal error while checking the report: ${(error as Error).message}\nPlease report this with the command you ran.`);
  process.exit(2);
}
