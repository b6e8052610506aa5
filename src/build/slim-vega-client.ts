/**
 * A Vite plugin for the browser bundle only: two of Vega's imports that every
 * chart would pay for, although few charts use them, are redirected.
 *
 * - `vega-functions` imports `geoArea`, `geoBounds` and `geoCentroid` from d3-geo
 *   for the expression functions of the same names; d3-geo's module keeps about
 *   30 kB of map code alive for them. They resolve to src/client/geo-expressions.ts,
 *   which forwards to d3-geo once the map part of the runtime has loaded
 *   (runtime-parts.ts loads it for the charts whose expressions call them).
 * - `vega-scale` imports ten categorical schemes from d3-scale-chromatic, whose
 *   module also builds every sequential scheme at load time (bundlers cannot drop
 *   those calls). It resolves to a module generated here from the library's own
 *   values, holding only the names vega-scale imports.
 *
 * Node (the build's own rendering) is untouched: only the client environment.
 */
import { fileURLToPath } from 'node:url';
import * as chromatic from 'd3-scale-chromatic';
import type { Plugin } from 'vite';

const GEO_EXPRESSIONS = fileURLToPath(new URL('../client/geo-expressions.ts', import.meta.url));
const SCHEMES_ID = '\0vega-scale-schemes';
/** What vega-scale imports from d3-scale-chromatic (checked when the module is generated). */
const SCHEMES = ['schemeAccent', 'schemeCategory10', 'schemeDark2', 'schemeObservable10', 'schemePaired', 'schemePastel1', 'schemePastel2', 'schemeSet1', 'schemeSet2', 'schemeSet3'];

export function slimVegaClient(): Plugin {
  return {
    name: 'slim-vega-client',
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.config.consumer === 'client',
    resolveId(source, importer) {
      if (!importer || !/[\\/]node_modules[\\/]/.test(importer)) return null;
      if (source === 'd3-geo' && /[\\/]vega-functions[\\/]/.test(importer)) return GEO_EXPRESSIONS;
      if (source === 'd3-scale-chromatic' && /[\\/]vega-scale[\\/]/.test(importer)) return SCHEMES_ID;
      return null;
    },
    load(id) {
      if (id !== SCHEMES_ID) return null;
      const lib = chromatic as unknown as Record<string, unknown>;
      return SCHEMES.map((name) => {
        if (!Array.isArray(lib[name])) throw new Error(`d3-scale-chromatic has no ${name}: update SCHEMES in src/build/slim-vega-client.ts`);
        return `export const ${name} = ${JSON.stringify(lib[name])};`;
      }).join('\n');
    },
  };
}
