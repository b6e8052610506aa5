/**
 * Child process of bench/gallery.ts: check a batch report as `npm run validate`
 * does, then render each chart the way the build will (SVGs and PNG), naming
 * each chart before it starts. A chart that kills the process (a resvg panic)
 * is then the last one named, and the runner drops it without bisecting.
 *
 *   node bench/gallery-prescreen.ts <report root>
 * prints "problem <chart id> <message>", "start <chart id>", "ok <chart id>".
 */
import { checkReport } from '../src/report/check-report.ts';
import { formatProblem } from '../src/errors/report-error.ts';
import { renderChartPng, renderChartSvg } from '../src/pipeline/render-chart.ts';

const root = process.argv[2]!;
const checked = await checkReport(root);
for (const problem of checked.problems) {
  const id = /^content\/charts\/(.+)\.vl\.json$/.exec(problem.file)?.[1] ?? `file:${problem.file}`;
  console.log(`problem ${id} ${formatProblem(problem).replace(/\n/g, ' ')}`);
}
for (const [id, chart] of checked.charts) {
  console.log(`start ${id}`);
  try {
    const svg = await renderChartSvg(chart.vegaSpec);
    await renderChartSvg(chart.pageVegaSpec);
    await renderChartSvg(chart.narrowVegaSpec);
    renderChartPng(svg);
    console.log(`ok ${id}`);
  } catch (error) {
    console.log(`problem ${id} rendering: ${String((error as Error).message).split('\n')[0]}`);
  }
}
