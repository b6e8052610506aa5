/**
 * Which Vega transforms the browser's chart runtime has, by name, without
 * loading any of them: the build checks every compiled chart against this
 * list (a chart that could not become interactive is a build error), and
 * vega-runtime.ts loads the optional parts only for the charts that use them.
 */

/** Always in the runtime: what Vega-Lite's compiler emits for data and encodings, and what Vega's parser adds. */
export const CORE_TRANSFORMS = [
  // Vega-Lite's compiler output.
  'aggregate', 'bin', 'collect', 'extent', 'filter', 'flatten', 'fold', 'formula', 'identifier', 'impute', 'joinaggregate', 'kde',
  'loess', 'regression', 'lookup', 'pivot', 'quantile', 'sample', 'sequence', 'stack', 'timeunit', 'window',
  // Vega's parser: data flow, scales, guides, marks and layout.
  'compare', 'expression', 'facet', 'field', 'key', 'load', 'multiextent', 'multivalues', 'params', 'prefacet', 'proxy', 'relay', 'sieve',
  'tupleindex', 'values', 'axisticks', 'datajoin', 'encode', 'legendentries', 'scale', 'sortitems', 'bound', 'mark', 'overlap', 'render',
  'viewlayout',
] as const;

/** Loaded on demand, only for the charts that need them (each is a chunk of its own). */
export const OPTIONAL_PARTS = {
  /** Maps: geoshape/geopath marks, projections, graticule and sphere generators, the geoArea/geoBounds/geoCentroid expressions (d3-geo, d3-geo-projection). */
  geo: ['geojson', 'geopoint', 'geoshape', 'geopath', 'graticule', 'projection', 'contour', 'isocontour', 'kde2d', 'heatmap'],
  /** Nearest-point selections (`nearest: true`) pick the mark under a voronoi cell (d3-delaunay). */
  voronoi: ['voronoi'],
} as const;

export type OptionalPart = keyof typeof OPTIONAL_PARTS;

const CORE = new Set<string>(CORE_TRANSFORMS);
const PART_OF = new Map<string, OptionalPart>(Object.entries(OPTIONAL_PARTS).flatMap(([part, names]) => names.map((n) => [n, part as OptionalPart] as const)));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Transform types a compiled Vega spec uses (in `data` and `marks`, at any depth; projections count as "projection"). */
export function transformsUsed(spec: unknown): Set<string> {
  const used = new Set<string>();
  const visit = (node: Json | undefined): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [name, value] of Object.entries(node)) {
      if (name === 'values') continue; // inline data rows, never a spec
      if (name === 'transform' && Array.isArray(value)) {
        for (const t of value) if (t && typeof t === 'object' && !Array.isArray(t) && typeof t.type === 'string') used.add(t.type.toLowerCase());
      }
      // Projections are an operator of their own (vega-geo), not a transform in the spec.
      if (name === 'projections' && Array.isArray(value) && value.length > 0) used.add('projection');
      visit(value);
    }
  };
  visit(spec as Json);
  return used;
}

/**
 * Vega's `geoArea`, `geoBounds` and `geoCentroid` expression functions run
 * d3-geo, which only the map part carries (src/client/geo-expressions.ts).
 * A match inside a string that is not an expression only loads the part early.
 */
const GEO_EXPRESSION = /\bgeo(?:Area|Bounds|Centroid)\s*\(/;

/** The optional parts a spec needs, and the transforms no part of the runtime has. */
export function runtimeNeeds(spec: unknown): { parts: OptionalPart[]; unavailable: string[] } {
  const parts = new Set<OptionalPart>();
  if (GEO_EXPRESSION.test(JSON.stringify(spec))) parts.add('geo');
  const unavailable: string[] = [];
  for (const type of transformsUsed(spec)) {
    if (CORE.has(type)) continue;
    const part = PART_OF.get(type);
    if (part) parts.add(part);
    else unavailable.push(type);
  }
  return { parts: [...parts], unavailable };
}
