/**
 * The child process of the render pool (render-pool.ts): renders SVGs, runs
 * build-time transforms and rasterises PNGs for the build. A chart that runs
 * forever (a ReDoS regex) or a rasteriser that aborts (a resvg panic) takes
 * down only this process; the build names the chart and goes on.
 */
import type { Spec as VegaSpec } from 'vega';
import { runTransforms } from '../pipeline/aggregate-at-build.ts';
import { renderChartPng, renderChartSvgWithStats, type RenderOptions } from '../pipeline/render-chart.ts';
import type { TypedRow } from '../pipeline/validate-rows.ts';

export type RenderJob =
  | { kind: 'svg'; spec: VegaSpec; prefix: string; options?: RenderOptions }
  | { kind: 'png'; svg: string; scale: number }
  | { kind: 'transforms'; rows: TypedRow[]; transform: unknown[] };

async function run(job: RenderJob): Promise<unknown> {
  if (job.kind === 'svg') return renderChartSvgWithStats(job.spec, job.prefix, job.options);
  if (job.kind === 'png') return renderChartPng(job.svg, job.scale);
  return runTransforms(job.rows, job.transform);
}

process.on('message', (message: { id: number; job: RenderJob }) => {
  // The job's own time, for the build's --stats (queueing and messaging excluded).
  const started = performance.now();
  run(message.job).then(
    (result) => process.send!({ id: message.id, ok: true, result, ms: performance.now() - started }),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error), ms: performance.now() - started }),
  );
});
// The build that started this process is gone: so is its work.
process.on('disconnect', () => process.exit(0));
// Loaded (Vega, fonts): jobs' time limits start from here, not from a slow start on a busy machine.
process.send!({ ready: true });
