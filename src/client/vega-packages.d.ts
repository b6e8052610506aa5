/**
 * Types for the individual Vega packages that src/client/vega-runtime.ts
 * imports instead of the `vega` bundle. They ship JavaScript only; their API
 * is the one `vega` re-exports (typed by vega-typings), so the types are
 * borrowed from there. Only what the slim runtime uses is declared.
 */

declare module 'vega-dataflow' {
  /** A transform's constructor, as kept in the registry (`Definition` describes its parameters). */
  export type TransformClass = { Definition?: { type: string } } & (abstract new (...args: never[]) => unknown);
  /** The transform registry the parser and the runtime look transforms up in, by lower-case type name. */
  export const transforms: Record<string, TransformClass>;
  /** The registered transform for a type name (any case), or null. */
  export function transform(type: string): TransformClass | null;
}

declare module 'vega-transforms' {
  import type { TransformClass } from 'vega-dataflow';
  export const aggregate: TransformClass;
  export const bin: TransformClass;
  export const collect: TransformClass;
  export const compare: TransformClass;
  export const countpattern: TransformClass;
  export const cross: TransformClass;
  export const density: TransformClass;
  export const dotbin: TransformClass;
  export const expression: TransformClass;
  export const extent: TransformClass;
  export const facet: TransformClass;
  export const field: TransformClass;
  export const filter: TransformClass;
  export const flatten: TransformClass;
  export const fold: TransformClass;
  export const formula: TransformClass;
  export const generate: TransformClass;
  export const impute: TransformClass;
  export const joinaggregate: TransformClass;
  export const kde: TransformClass;
  export const key: TransformClass;
  export const load: TransformClass;
  export const lookup: TransformClass;
  export const multiextent: TransformClass;
  export const multivalues: TransformClass;
  export const params: TransformClass;
  export const pivot: TransformClass;
  export const prefacet: TransformClass;
  export const project: TransformClass;
  export const proxy: TransformClass;
  export const quantile: TransformClass;
  export const relay: TransformClass;
  export const sample: TransformClass;
  export const sequence: TransformClass;
  export const sieve: TransformClass;
  export const subflow: TransformClass;
  export const timeunit: TransformClass;
  export const tupleindex: TransformClass;
  export const values: TransformClass;
  export const window: TransformClass;
}

declare module 'vega-view-transforms' {
  import type { TransformClass } from 'vega-dataflow';
  export const bound: TransformClass;
  export const identifier: TransformClass;
  export const mark: TransformClass;
  export const overlap: TransformClass;
  export const render: TransformClass;
  export const viewlayout: TransformClass;
}

declare module 'vega-encode' {
  import type { TransformClass } from 'vega-dataflow';
  export const axisticks: TransformClass;
  export const datajoin: TransformClass;
  export const encode: TransformClass;
  export const legendentries: TransformClass;
  export const linkpath: TransformClass;
  export const pie: TransformClass;
  export const scale: TransformClass;
  export const sortitems: TransformClass;
  export const stack: TransformClass;
}

declare module 'vega-regression' {
  import type { TransformClass } from 'vega-dataflow';
  export const loess: TransformClass;
  export const regression: TransformClass;
}

declare module 'vega-parser' {
  export { parse } from 'vega';
}

declare module 'vega-view' {
  export { View } from 'vega';
}

declare module 'vega-geo' {
  import type { TransformClass } from 'vega-dataflow';
  export const contour: TransformClass;
  export const geojson: TransformClass;
  export const geopath: TransformClass;
  export const geopoint: TransformClass;
  export const geoshape: TransformClass;
  export const graticule: TransformClass;
  export const heatmap: TransformClass;
  export const isocontour: TransformClass;
  export const kde2d: TransformClass;
  export const projection: TransformClass;
}

declare module 'vega-voronoi' {
  import type { TransformClass } from 'vega-dataflow';
  export const voronoi: TransformClass;
}

declare module 'd3-geo' {
  export function geoArea(object: unknown): number;
  export function geoBounds(object: unknown): [[number, number], [number, number]];
  export function geoCentroid(object: unknown): [number, number];
}

declare module 'd3-scale-chromatic';
