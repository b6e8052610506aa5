/** The render pool: a runaway job is stopped at its time limit, and the pool goes on with the next. */
import type { Spec as VegaSpec } from 'vega';
import { describe, expect, it } from 'vitest';
import { compileChart } from '../../src/pipeline/compile-chart.ts';

process.env.RENDER_TIMEOUT_MS = '4000';
const { RenderFailure, renderPngInPool, renderSvgInPool } = await import('../../src/engines/render-pool.ts');

function vega(spec: Record<string, unknown>): VegaSpec {
  const compiled = compileChart({ data: { values: [{ name: 'a', score: 1 }, { name: 'b', score: 2 }] }, mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'score', type: 'quantitative' } }, ...spec }, 'x.vl.json');
  if (!compiled.ok) throw new Error('did not compile');
  return compiled.vegaSpec;
}

describe('render pool', () => {
  it('renders an SVG and says what it drew', async () => {
    const { svg, stats } = await renderSvgInPool(vega({}), 'p');
    expect(svg).toContain('<svg');
    expect(stats.largestDataset.rows).toBe(2);
    expect(stats.items).toBeGreaterThan(2);
  });

  it('stops a runaway chart at the time limit, then renders the next one', async () => {
    const started = Date.now();
    const runaway = renderSvgInPool(vega({ transform: [{ filter: "!test(/^(a|a)*$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')" }] }), 'p');
    await expect(runaway).rejects.toThrow(new RenderFailure('no result after 4 s (stopped)', 'timeout'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await renderSvgInPool(vega({}), 'p')).svg).toContain('<svg');
  });

  it('rasterises in the pool', async () => {
    const png = await renderPngInPool('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>', 2);
    expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });
});
