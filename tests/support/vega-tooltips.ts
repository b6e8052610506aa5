/** What vega-tooltip puts in its box for every mark of a compiled chart, computed by Vega itself: the reference for our tooltips. */
import { parse, View, type Spec } from 'vega';
import { escapeHTML, formatValue } from 'vega-tooltip';

export async function vegaTooltipMarkup(spec: Spec): Promise<string[]> {
  const view = new View(parse(spec), { renderer: 'none' });
  await view.runAsync();
  const out: string[] = [];
  const visit = (node: { items?: unknown[]; tooltip?: unknown }): void => {
    if (node.tooltip !== undefined && node.tooltip !== null && node.tooltip !== '') out.push(formatValue(node.tooltip, escapeHTML, 2, ''));
    for (const child of (node.items ?? []) as { items?: unknown[]; tooltip?: unknown }[]) visit(child);
  };
  visit((view.scenegraph() as unknown as { root: never }).root);
  view.finalize();
  return out;
}
