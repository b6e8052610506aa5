/**
 * Stage: a compiled Vega spec -> a problem when Vega itself cannot parse it.
 *
 * Vega-Lite compiles expressions without checking them; Vega parses them only
 * when a view is made, and its errors ("Unrecognized signal name") name no
 * file. Parsing once here, while the chart file is known, turns them into a
 * problem instead of a crash later in the build.
 */
import { parse, type Spec as VegaSpec } from 'vega';
import type { Problem } from '../errors/report-error.ts';

/** Parse the spec as Vega would before rendering; any error becomes a problem naming the chart file. */
export function checkVegaParse(vegaSpec: VegaSpec, file: string): Problem[] {
  try {
    // A copy: Vega may annotate what it parses, and the caller's spec stays plain JSON.
    parse(structuredClone(vegaSpec));
    return [];
  } catch (error) {
    return [{ file, expected: 'a chart Vega can run', found: (error as Error).message, fix: 'a name in an expression may be misspelt; open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem' }];
  }
}
