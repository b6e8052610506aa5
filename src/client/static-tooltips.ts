/**
 * Tooltips on a chart's build-time SVG, without Vega. Each mark carries its
 * tooltip as `data-tooltip` (JSON, written by src/pipeline/svg-tooltips.ts);
 * this shows it on pointer hover, on touch, and on keyboard focus: Tab reaches
 * the chart's marks (one tab stop, a roving tabindex), arrow keys move from
 * mark to mark in reading order, Home/End jump, Escape hides the tooltip.
 * A focused mark's accessible name is its tooltip text, so screen readers
 * announce what the tooltip shows.
 */
import { hideTooltip, showTooltip, tooltipLabel } from './tooltip-box.ts';

// Labels and lines repeat the tooltip of the bar or point they belong to: not a stop of their own.
const SECONDARY = '.mark-text, .mark-line, .mark-area, .mark-trail';

function tooltipOf(mark: Element): unknown {
  try {
    return JSON.parse(mark.getAttribute('data-tooltip') ?? 'null');
  } catch {
    return null;
  }
}

const rendered = (el: Element) => el.getClientRects().length > 0;
// A keyboard stop: a mark with a tooltip, a mark or legend entry a reader can select (static-selection.ts).
const STOP = '[data-tooltip], [data-sel], g[data-sel-legend]';

/** The keyboard stops of one SVG, left to right, then top to bottom. */
function stopsOf(svg: Element): SVGElement[] {
  const all = [...svg.querySelectorAll<SVGElement>(STOP)];
  const primary = all.filter((m) => !m.closest(SECONDARY));
  const stops = primary.length > 0 ? primary : all;
  if (!rendered(svg)) return stops;
  const box = new Map(stops.map((m) => [m, m.getBoundingClientRect()]));
  return stops.sort((a, b) => Math.round(box.get(a)!.left) - Math.round(box.get(b)!.left) || box.get(a)!.top - box.get(b)!.top);
}

/** Make one SVG's marks reachable: the first stop in reading order takes the tab stop. */
export function prepareMarks(svg: Element): void {
  stopsOf(svg).forEach((mark, i) => {
    mark.setAttribute('tabindex', i === 0 ? '0' : '-1');
    mark.setAttribute('role', 'graphics-symbol');
    // A legend entry is named by its label; a selectable mark without a tooltip keeps Vega's description.
    if (mark.hasAttribute('data-tooltip')) mark.setAttribute('aria-label', tooltipLabel(tooltipOf(mark)));
    else if (mark.matches('g[data-sel-legend]')) mark.setAttribute('aria-label', mark.textContent?.trim() ?? '');
  });
}

export function enableStaticTooltips(figure: HTMLElement): void {
  const frame = figure.querySelector<HTMLElement>('.chart-frame');
  if (!frame || !frame.querySelector(STOP)) return;
  const hadFocus = document.activeElement === frame;
  // The marks are now the chart's tab stop; the frame names the group they are in.
  frame.removeAttribute('tabindex');
  frame.setAttribute('role', 'group');
  for (const svg of frame.querySelectorAll('svg')) prepareMarks(svg);
  if (hadFocus) frame.querySelector<SVGElement>('[tabindex="0"]')?.focus();

  const markAt = (target: EventTarget | null) => (target instanceof Element ? target.closest('[data-tooltip]') : null);
  frame.addEventListener('pointermove', (event) => {
    if (event.pointerType === 'touch') return;
    const mark = markAt(event.target);
    if (mark) showTooltip(tooltipOf(mark), { x: event.clientX, y: event.clientY });
    else hideTooltip();
  });
  frame.addEventListener('pointerleave', (event) => event.pointerType !== 'touch' && hideTooltip());
  // Touch: a tap on a mark shows its tooltip (docked at the screen's foot on phones), a tap elsewhere hides it.
  document.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'touch') return;
    const mark = frame.contains(event.target as Node) ? markAt(event.target) : null;
    if (mark) showTooltip(tooltipOf(mark), { x: event.clientX, y: event.clientY });
    else if (frame.contains(event.target as Node)) hideTooltip();
  });

  frame.addEventListener('focusin', (event) => {
    const mark = markAt(event.target);
    if (!mark) return void hideTooltip();
    showTooltip(tooltipOf(mark), mark.getBoundingClientRect());
  });
  frame.addEventListener('focusout', (event) => {
    if (!frame.contains(event.relatedTarget as Node)) hideTooltip();
  });
  frame.addEventListener('keydown', (event) => {
    const mark = event.target instanceof Element ? event.target.closest(STOP) : null;
    const svg = mark?.closest('svg');
    if (!mark || !svg) return;
    if (event.key === 'Escape') return void hideTooltip();
    const stops = stopsOf(svg);
    const at = stops.indexOf(mark as SVGElement);
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: stops.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = stops[Math.max(0, Math.min(stops.length - 1, next))];
    if (!target || target === mark) return;
    mark.setAttribute('tabindex', '-1');
    target.setAttribute('tabindex', '0');
    target.focus();
  });
}
