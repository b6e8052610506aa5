import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, type HTMLElement } from 'node-html-parser';
import type { Spec as VegaSpec } from 'vega';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { compileChart } from '../../src/pipeline/compile-chart.ts';
import { prefixSvgIds, renderChartSvg } from '../../src/pipeline/render-chart.ts';

const FILE = 'content/charts/scores.vl.json';

function compiled(spec: Record<string, unknown>): VegaSpec {
  const result = compileChart(spec, FILE);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.vegaSpec;
}
function barChart(names: string[]): VegaSpec {
  return compiled({
    data: { values: names.map((name, i) => ({ name, rate: (i + 1) * 10 })) },
    mark: 'bar',
    encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'rate', type: 'quantitative' } },
  });
}
const barPaths = (svg: HTMLElement): HTMLElement[] => svg.querySelectorAll('g.mark-rect.role-mark path');
const axisLabels = (svg: HTMLElement): string[] => svg.querySelectorAll('g.role-axis-label text').map((t) => t.text);

describe('renderChartSvg', () => {
  it('draws one bar per row and labels the categories', async () => {
    const svg = parse(await renderChartSvg(barChart(['alpha', 'beta', 'gamma'])));
    expect(svg.querySelector('svg')?.getAttribute('width')).toBe('640');
    expect(barPaths(svg)).toHaveLength(3);
    for (const path of barPaths(svg)) expect(path.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+h[\d.]+v[\d.]+h-[\d.]+Z$/);
    expect(axisLabels(svg)).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma']));
  });

  it('makes taller bars for bigger values', async () => {
    const svg = parse(await renderChartSvg(barChart(['alpha', 'beta', 'gamma'])));
    const heights = barPaths(svg).map((p) => Number(/v([\d.]+)/.exec(p.getAttribute('d') ?? '')?.[1]));
    expect(heights[0]! < heights[1]! && heights[1]! < heights[2]!).toBe(true);
  });

  it('escapes markup in category labels: text, never elements', async () => {
    const raw = await renderChartSvg(barChart(['<b>x</b>', '</text><script>alert(1)</script>', 'plain']));
    const svg = parse(raw);
    expect(svg.querySelectorAll('script')).toHaveLength(0);
    expect(svg.querySelectorAll('b')).toHaveLength(0);
    expect(raw).not.toContain('<script');
    expect(raw).not.toContain('<b>');
    expect(raw).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(axisLabels(svg)).toContain('<b>x</b>');
    expect(barPaths(svg)).toHaveLength(3);
  });

  it('does not change the spec it is given', async () => {
    const spec = barChart(['alpha']);
    const before = JSON.stringify(spec);
    await renderChartSvg(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('renderChartSvg never loads anything', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('name,rate\nleaked,99\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Render, accepting either a rejection or an SVG; returns the SVG or null. */
  async function tryRender(spec: VegaSpec): Promise<string | null> {
    try {
      return await renderChartSvg(spec);
    } catch {
      return null;
    }
  }

  it('a data url left in the spec is not fetched: no request, no bars', async () => {
    const spec = compiled({ data: { url: `${base}/x.csv`, format: { type: 'csv' } }, mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'rate', type: 'quantitative' } } });
    const svg = await tryRender(spec);
    if (svg !== null) {
      expect(barPaths(parse(svg))).toHaveLength(0);
      expect(svg).not.toContain('leaked');
    }
    expect(requests).toEqual([]);
  });

  it('a data url at a closed port returns promptly', async () => {
    const spec = compiled({ data: { url: 'http://127.0.0.1:9/x.csv' }, mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' } } });
    const started = Date.now();
    const svg = await tryRender(spec);
    expect(Date.now() - started).toBeLessThan(5_000);
    if (svg !== null) expect(barPaths(parse(svg))).toHaveLength(0);
  });

  it('an image mark does not load its url', async () => {
    const spec = compiled({
      data: { values: [{ name: 'a', img: `${base}/img.png` }] },
      mark: { type: 'image', width: 20, height: 20 },
      encoding: { x: { field: 'name', type: 'nominal' }, url: { field: 'img', type: 'nominal' } },
    });
    const svg = await tryRender(spec);
    if (svg !== null) {
      for (const image of parse(svg).querySelectorAll('image')) expect(image.getAttribute('xlink:href') ?? '').not.toContain(base);
    }
    expect(requests).toEqual([]);
  });
});

describe('prefixSvgIds', () => {
  it('rewrites ids and url(#...) references in tags only, never a label that reads like one', () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)" aria-label="a > b"><text id="t">Model id="a1" url(#b2)</text></g></svg>';
    expect(prefixSvgIds(svg, 'c')).toBe('<svg><defs><clipPath id="c-clip1"><rect/></clipPath></defs><g clip-path="url(#c-clip1)" aria-label="a > b"><text id="c-t">Model id="a1" url(#b2)</text></g></svg>');
  });
});
