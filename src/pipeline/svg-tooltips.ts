/**
 * Stage: the static SVG with each mark's tooltip on it. The headless View has
 * evaluated the compiled spec's `tooltip` encode channel (Vega-Lite's `tooltip`
 * encoding, formatted as Vega formats it) into every scenegraph item's
 * `tooltip`; this renderer writes it on the item's element as
 * `data-tooltip` (JSON, attribute-escaped by Vega's markup writer; never
 * markup), so the page can show it without Vega (src/client/static-tooltips.ts).
 */
import * as vega from 'vega';
import type { View } from 'vega';

interface SceneItem { tooltip?: unknown }
type AttrRenderer = new (loader?: unknown) => { attr(scene: unknown, item: SceneItem, attrs: unknown, tag: string | null): Record<string, unknown> };
/** Called for every element the renderer writes, in document order, with its attributes (which it may add to). */
export type ElementHook = (scene: unknown, item: unknown, tag: string | null, attrs: Record<string, unknown>) => void;
// Vega's headless SVG writer and its renderer registry (vega-scenegraph; untyped in vega-typings).
const { SVGStringRenderer, renderModule } = vega as unknown as {
  SVGStringRenderer: AttrRenderer;
  renderModule: (name: string, module?: object) => object;
};

// Vega's own per-item ARIA attributes. A mark with a tooltip is named from it by the page's
// script (static-tooltips.ts sets aria-label when the marks become focusable), and inside the
// chart frame (role="img") marks are not read by screen readers anyway: written here they would
// repeat every tooltip in the HTML (a quarter of a 50-chart page's bytes).
const ARIA_ITEM = ['aria-label', 'role', 'aria-roledescription'];

/** The tooltip value of an item as JSON, or undefined when it shows none (Vega hides empty ones too). */
export function tooltipJson(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return JSON.stringify(value);
}

class TooltipSvgRenderer extends SVGStringRenderer {
  override attr(scene: unknown, item: SceneItem, attrs: unknown, tag: string | null): Record<string, unknown> {
    const object = super.attr(scene, item, attrs, tag);
    // `tag` is null for a group's own element and 'bgrect'/'bgfore' for its frame: never a data mark.
    if (!tag || tag === 'bgrect' || tag === 'bgfore') return object;
    const json = tooltipJson(item.tooltip);
    if (json === undefined) return object;
    for (const name of ARIA_ITEM) delete object[name];
    object['data-tooltip'] = json;
    return object;
  }
}

/**
 * `view.toSVG()` with the tooltips written on the marks (and `onElement` called
 * for each element, see static-selection.ts). The View looks its
 * headless renderer up synchronously when toSVG is called, so swapping the
 * module around that call affects no other render.
 */
export async function toSvgWithTooltips(view: View, onElement?: ElementHook): Promise<string> {
  const svg = renderModule('svg');
  // A class per call: renders in flight at once each keep their own hook.
  const headless = onElement
    ? class extends TooltipSvgRenderer {
        override attr(scene: unknown, item: SceneItem, attrs: unknown, tag: string | null): Record<string, unknown> {
          const object = super.attr(scene, item, attrs, tag);
          onElement(scene, item, tag, object);
          return object;
        }
      }
    : TooltipSvgRenderer;
  renderModule('svg', { ...svg, headless });
  let rendered: Promise<string>;
  try {
    rendered = view.toSVG();
  } finally {
    renderModule('svg', svg);
  }
  return rendered;
}
