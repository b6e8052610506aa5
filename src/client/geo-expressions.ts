/**
 * What `vega-functions` gets when it imports d3-geo in the browser bundle
 * (src/build/slim-vega-client.ts): the three functions behind Vega's
 * `geoArea`, `geoBounds` and `geoCentroid` expressions, forwarding to d3-geo
 * once the runtime's map part has loaded it. runtime-parts.ts loads that part
 * for every chart whose expressions call one of them, so the forward is always
 * set before such a chart is parsed; the error below is a last resort.
 */
type GeoFunction = (object: unknown) => unknown;
interface D3Geo { geoArea: GeoFunction; geoBounds: GeoFunction; geoCentroid: GeoFunction }

let d3geo: D3Geo | undefined;

/** Called by vega-runtime.ts when the map part has loaded. */
export function useD3Geo(module: D3Geo): void {
  d3geo = module;
}

function loaded(name: string): D3Geo {
  if (!d3geo) throw new Error(`the expression function ${name}() needs the map part of the chart runtime, which was not loaded`);
  return d3geo;
}

export const geoArea: GeoFunction = (object) => loaded('geoArea').geoArea(object);
export const geoBounds: GeoFunction = (object) => loaded('geoBounds').geoBounds(object);
export const geoCentroid: GeoFunction = (object) => loaded('geoCentroid').geoCentroid(object);
