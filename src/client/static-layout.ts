/**
 * Keep only the build-time layout the column shows (wide or narrow, picked by
 * the container query), as the live Vega chart did when it replaced both: one
 * SVG per chart in the document from then on, so its marks are found once.
 * The page ships the wide SVG only; where the column is narrow, the phone
 * layout is fetched (`data-src`) into the empty, same-sized slot that held its
 * place (with JavaScript off, a <noscript> image shows it instead). The choice is pinned (`data-layout`) so a later resize scales it, never hides it.
 */
async function fill(layout: HTMLElement): Promise<void> {
  const slot = layout.querySelector(':scope > .chart-slot');
  const url = layout.dataset.src;
  if (!slot || !url) return;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
  if (doc.documentElement.nodeName !== 'svg') throw new Error(`${url}: not an SVG`);
  slot.replaceWith(document.importNode(doc.documentElement, true));
}

export async function keepShownLayout(frame: HTMLElement): Promise<void> {
  const layouts = [...frame.querySelectorAll<HTMLElement>(':scope > .chart-static')];
  const shown = layouts.find((el) => el.getClientRects().length > 0);
  if (!shown) return;
  let keep = shown;
  try {
    await fill(shown);
  } catch (error) {
    // Better the wide layout scaled down than an empty frame.
    console.warn(`staying with the wide layout (${String(error)})`);
    keep = layouts.find((el) => el.classList.contains('chart-static-wide')) ?? shown;
  }
  frame.dataset.layout = keep.classList.contains('chart-static-narrow') ? 'narrow' : 'wide';
  for (const el of layouts) if (el !== keep) el.remove();
}
