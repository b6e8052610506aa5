import { describe, expect, it } from 'vitest';
import { dropOffCanvasShapes } from '../../src/pipeline/off-canvas.ts';
import { renderChartPng } from '../../src/pipeline/render-chart.ts';

const CIRCLE = 'd="M5,0A5,5,0,1,1,-5,0A5,5,0,1,1,5,0"';
const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><g transform="translate(20,10)"><g clip-path="url(#c)">${body}</g></g><defs><clipPath id="c"><rect x="0" y="0" width="150" height="80"/></clipPath></defs></svg>`;

describe('shapes wholly off the canvas are dropped before rasterising', () => {
  it('drops a translucent point panned past the canvas (it would abort resvg), keeps the ones on it', () => {
    const inside = `<path transform="translate(50,40)" ${CIRCLE} opacity="0.7"/>`;
    const partly = `<path transform="translate(178,40)" ${CIRCLE} opacity="0.7"/>`;
    const outside = `<path transform="translate(400,40)" ${CIRCLE} opacity="0.7"/>`;
    const above = `<rect x="10" y="-50" width="10" height="20" opacity="0.5"/>`;
    expect(dropOffCanvasShapes(svg(inside + partly + outside + above))).toBe(svg(inside + partly));
    expect(renderChartPng(svg(inside + partly + outside + above)).length).toBeGreaterThan(100);
  });

  it('keeps shapes it cannot place (other transforms), and the clip path definitions', () => {
    const rotated = `<g transform="rotate(90)"><path transform="translate(400,40)" ${CIRCLE}/></g>`;
    expect(dropOffCanvasShapes(svg(rotated))).toBe(svg(rotated));
  });
});
