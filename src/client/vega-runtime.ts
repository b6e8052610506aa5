/**
 * The slim Vega runtime the browser uses to make charts interactive.
 *
 * The `vega` package's entry registers every Vega transform (geo, force,
 * hierarchy, voronoi, word cloud, crossfilter, label...) and so pulls in their
 * d3 dependencies, whether a chart needs them or not. Our charts are Vega-Lite
 * compiled at build time, so only the transforms Vega-Lite's compiler emits,
 * plus those Vega's parser adds on its own, are ever needed. This module
 * builds Vega from its parts (vega-parser, vega-view, vega-dataflow and the
 * transform packages) and registers exactly those.
 *
 * REGISTERED (and why)
 *
 * Emitted by Vega-Lite 6 for a data or encoding feature:
 *   aggregate      `aggregate`, aggregated encodings, box plots, sort by another field
 *   bin            `bin` (transform and encoding), histograms
 *   collect        sorted data (lines, `order`, `sort`)
 *   extent         bin extents taken from the data, param-driven bins
 *   filter         `filter`, and dropping invalid values before a scale
 *   flatten        `flatten`
 *   fold           `fold`
 *   formula        `calculate`, and helper fields for timeUnit, bin, stack, sort
 *   identifier     point selections (`_vgsid_`)
 *   impute         `impute` (transform and encoding)
 *   joinaggregate  `joinaggregate`, error bars / box plots
 *   kde            `density`
 *   loess          `loess`
 *   regression     `regression`
 *   lookup         `lookup`
 *   pivot          `pivot`
 *   quantile       `quantile`
 *   sample         `sample`
 *   sequence       the `sequence` data generator
 *   stack          stacked bars and areas, and arcs (`theta`)
 *   timeunit       `timeUnit` (transform and encoding)
 *   window         `window`, `impute` with a frame, ranks
 *
 * Added by Vega's parser to every spec (data flow, scales, guides, marks):
 *   aggregate, collect, compare, expression, extent, facet, field, key, load,
 *   multiextent, multivalues, params, prefacet, proxy, relay, sieve,
 *   tupleindex (the `indata()`/lookup expression functions), values,
 *   axisticks, datajoin, encode, legendentries, scale, sortitems,
 *   bound, mark, overlap, render, viewlayout
 *
 * LOADED ON DEMAND (runtime-parts.ts; each a chunk of its own, fetched only by
 * the charts whose compiled spec uses it)
 *   vega-geo       geojson, geopoint, geoshape, geopath, graticule,
 *                  projection, contour, isocontour, kde2d, heatmap:
 *                  Vega-Lite maps (`geoshape`, `projection`, latitude/longitude,
 *                  the `graticule`/`sphere` generators); d3-geo and
 *                  d3-geo-projection are the largest part of the full bundle.
 *   vega-voronoi   voronoi: Vega-Lite's `nearest: true` point selections (d3-delaunay).
 *
 * LEFT OUT (Vega-only; Vega-Lite never emits them, and the build refuses a
 * chart that would need one, see charts.ts)
 *   vega-force, vega-hierarchy, vega-label, vega-wordcloud, vega-crossfilter:
 *                  force, nest/stratify/tree/treemap/pack/partition,
 *                  label, wordcloud, crossfilter/resolvefilter.
 *   vega-transforms countpattern, cross, density, dotbin, generate, project, and
 *   vega-encode     linkpath, pie (Vega-Lite's `density` compiles to kde, arcs to stack).
 *
 * Two of Vega's own imports are redirected in the browser bundle
 * (src/build/slim-vega-client.ts): d3-geo behind the geo expression functions
 * (it loads with vega-geo) and d3-scale-chromatic (only the categorical schemes).
 *
 * Expressions always run through vega-interpreter (see chart-view.ts): the
 * pages' Content-Security-Policy has no 'unsafe-eval'.
 */
import type { Spec } from 'vega';
import { transform as registered, transforms, type TransformClass } from 'vega-dataflow';
import {
  aggregate, bin, collect, compare, expression, extent, facet, field, filter, flatten, fold, formula, impute,
  joinaggregate, kde, key, load, lookup, multiextent, multivalues, params, pivot, prefacet, proxy, quantile,
  relay, sample, sequence, sieve, timeunit, tupleindex, values, window as windowTransform,
} from 'vega-transforms';
import { bound, identifier, mark, overlap, render, viewlayout } from 'vega-view-transforms';
import { axisticks, datajoin, encode, legendentries, scale, sortitems, stack } from 'vega-encode';
import { loess, regression } from 'vega-regression';
import { parse as parseVega } from 'vega-parser';
import { useD3Geo } from './geo-expressions.ts';
import { CORE_TRANSFORMS, runtimeNeeds, transformsUsed, type OptionalPart } from './runtime-parts.ts';

export { View } from 'vega-view';

/** Every transform this runtime registers, by Vega type name (see the list above). */
export const REGISTERED_TRANSFORMS: Readonly<Record<string, TransformClass>> = {
  // Vega-Lite's compiler output.
  aggregate, bin, collect, extent, filter, flatten, fold, formula, identifier, impute, joinaggregate, kde,
  loess, regression, lookup, pivot, quantile, sample, sequence, stack, timeunit, window: windowTransform,
  // Vega's parser: data flow, scales, guides, marks and layout.
  compare, expression, facet, field, key, load, multiextent, multivalues, params, prefacet, proxy, relay, sieve,
  tupleindex, values, axisticks, datajoin, encode, legendentries, scale, sortitems, bound, mark, overlap, render,
  viewlayout,
};

/** The optional parts, each its own chunk: a chart that needs one loads it (once) before it is parsed. */
const PART_LOADERS: Readonly<Record<OptionalPart, () => Promise<Record<string, unknown>>>> = {
  // d3-geo also backs the geoArea/geoBounds/geoCentroid expressions (geo-expressions.ts).
  geo: () => Promise.all([import('vega-geo'), import('d3-geo')]).then(([transforms, d3geo]) => {
    useD3Geo(d3geo);
    return transforms;
  }),
  voronoi: () => import('vega-voronoi'),
};
const loadedParts = new Map<OptionalPart, Promise<void>>();

Object.assign(transforms, REGISTERED_TRANSFORMS);
if (Object.keys(REGISTERED_TRANSFORMS).length !== CORE_TRANSFORMS.length) throw new Error('vega-runtime.ts and runtime-parts.ts list different transforms');

/** A chart needs something the slim runtime leaves out; the caller keeps the static SVG. */
export class UnsupportedChartError extends Error {
  readonly missing: string[];
  constructor(missing: string[]) {
    const what = missing.map((t) => `"${t}"`).join(', ');
    super(`the chart needs the Vega transform${missing.length === 1 ? '' : 's'} ${what}, which the site's chart runtime leaves out (src/client/vega-runtime.ts)`);
    this.name = 'UnsupportedChartError';
    this.missing = missing;
  }
}

/** Transform types a Vega spec uses (in `data` and `marks`, at any depth) that are not registered here. */
export function missingTransforms(spec: Spec): string[] {
  return [...transformsUsed(spec)].filter((type) => !registered(type));
}

/** Operator types in a parsed runtime spec (subflows included) that no registered transform implements. */
function missingOperators(runtime: unknown): string[] {
  const missing = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [name, value] of Object.entries(node)) {
      if (name === 'operators' && Array.isArray(value)) {
        for (const op of value as { type?: unknown }[]) {
          if (typeof op?.type === 'string' && op.type.toLowerCase() !== 'operator' && !registered(op.type)) missing.add(op.type.toLowerCase());
        }
      }
      if (typeof value === 'object') visit(value);
    }
  };
  visit(runtime);
  return [...missing];
}

/**
 * Parse a Vega spec for the interpreter (`ast: true`), first loading the
 * optional parts it needs and checking that this runtime then has every
 * transform: a clear UnsupportedChartError instead of Vega's "Unrecognized
 * transform type" or a broken half-drawn view.
 */
export async function parse(spec: Spec): Promise<ReturnType<typeof parseVega>> {
  const { parts } = runtimeNeeds(spec);
  await Promise.all(parts.map((part) => {
    let loading = loadedParts.get(part);
    if (!loading) {
      loading = PART_LOADERS[part]().then((module) => void Object.assign(transforms, module));
      loadedParts.set(part, loading);
    }
    return loading;
  }));
  const before = missingTransforms(spec);
  if (before.length > 0) throw new UnsupportedChartError(before);
  const runtime = parseVega(spec, undefined, { ast: true });
  const after = missingOperators(runtime);
  if (after.length > 0) throw new UnsupportedChartError(after);
  return runtime;
}
