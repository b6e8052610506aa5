import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CORE_TRANSFORMS, runtimeNeeds } from '../../src/client/runtime-parts.ts';
import { REGISTERED_TRANSFORMS } from '../../src/client/vega-runtime.ts';

const vega = (spec: Record<string, unknown>) => compile(spec as unknown as TopLevelSpec).spec;
const points = { data: { values: [{ a: 1, b: 2 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } };

describe('what the browser runtime loads for a chart', () => {
  it('the list of core transforms is exactly what vega-runtime.ts registers', () => {
    expect(Object.keys(REGISTERED_TRANSFORMS).sort()).toEqual([...CORE_TRANSFORMS].sort());
  });

  it('a plain chart needs no optional part', () => {
    expect(runtimeNeeds(vega(points))).toEqual({ parts: [], unavailable: [] });
  });

  it('a nearest selection needs voronoi, a map needs geo', () => {
    expect(runtimeNeeds(vega({ ...points, params: [{ name: 'p', select: { type: 'point', nearest: true } }] }))).toEqual({ parts: ['voronoi'], unavailable: [] });
    expect(runtimeNeeds(vega({ data: { graticule: true }, mark: 'geoshape', projection: { type: 'orthographic' } }))).toEqual({ parts: ['geo'], unavailable: [] });
  });

  it('an expression calling geoArea, geoBounds or geoCentroid needs geo (d3-geo comes with the map part)', () => {
    const withCentroid = vega({ ...points, transform: [{ calculate: 'geoCentroid(null, datum.shape)', as: 'c' }] });
    expect(runtimeNeeds(withCentroid)).toEqual({ parts: ['geo'], unavailable: [] });
    const withArea = vega({ ...points, params: [{ name: 'size', expr: "geoArea({type: 'Point', coordinates: [0, 0]})" }] });
    expect(runtimeNeeds(withArea)).toEqual({ parts: ['geo'], unavailable: [] });
    // A field that happens to be called geoAreaKm is not a call.
    expect(runtimeNeeds(vega({ ...points, transform: [{ calculate: 'datum.geoAreaKm * 2', as: 'c' }] }))).toEqual({ parts: [], unavailable: [] });
  });

  it('a Vega transform no part has is reported by name', () => {
    expect(runtimeNeeds({ data: [{ name: 't', transform: [{ type: 'wordcloud' }, { type: 'filter', expr: 'true' }] }] })).toEqual({ parts: [], unavailable: ['wordcloud'] });
  });
});
