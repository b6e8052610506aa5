/**
 * Keep only the build-time layout the column shows (wide or narrow, picked by
 * the container query), as the live Vega chart did when it replaced both: one
 * SVG per chart in the document from then on, so its marks are found once.
 * The choice is pinned (`data-layout`) so a later resize scales it, never hides it.
 */
export function keepShownLayout(frame: HTMLElement): HTMLElement | undefined {
  const layouts = [...frame.querySelectorAll<HTMLElement>(':scope > .chart-static')];
  const shown = layouts.find((el) => el.getClientRects().length > 0);
  if (!shown) return undefined;
  frame.dataset.layout = shown.classList.contains('chart-static-narrow') ? 'narrow' : 'wide';
  for (const el of layouts) if (el !== shown) el.remove();
  return shown;
}
