/**
 * Does a compiled chart need the Vega runtime in the browser, or do its
 * build-time SVG and tooltips (src/pipeline/svg-tooltips.ts) already do all
 * it does? Decided from the compiled Vega spec: a chart needs Vega when it
 * reacts to the reader beyond tooltips (selection params, input bindings, pan
 * and zoom: signals driven by events or bound to inputs; `hover` encodings)
 * or changes over time (timers). Returns the reasons, empty when none.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function runtimeReasons(vegaSpec: object): string[] {
  const reasons = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'values') continue; // inline data rows
      if (key === 'signals' && Array.isArray(value)) {
        for (const signal of value) {
          if (!signal || typeof signal !== 'object' || Array.isArray(signal)) continue;
          if (signal.bind) reasons.add(`signal "${String(signal.name)}" is bound to an input`);
          if (Array.isArray(signal.on) && signal.on.length > 0) reasons.add(`signal "${String(signal.name)}" reacts to events`);
        }
      }
      if (key === 'encode' && value && typeof value === 'object' && !Array.isArray(value) && value.hover) reasons.add('a mark changes on hover');
      visit(value);
    }
  };
  visit(vegaSpec as Json);
  return [...reasons];
}

export function needsRuntime(vegaSpec: object): boolean {
  return runtimeReasons(vegaSpec).length > 0;
}
