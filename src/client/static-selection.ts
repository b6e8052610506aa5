/**
 * A point selection on a chart's build-time SVG, without Vega. The build
 * (src/pipeline/static-selection.ts) wrote on each data mark its selection key
 * (`data-sel`), on each legend entry its value (`data-sel-legend`), and on
 * both their paint when selected and when not (`data-sel-on`, `data-sel-off`:
 * the attributes that differ from the drawing, which is the empty selection's). This replays
 * what Vega-Lite's compiled signals do for the same events, checked against
 * Vega in a browser (tests/e2e/static-selection.test.ts):
 *
 * - `by: click`: a click on a mark selects it alone, shift-click adds or
 *   removes it, a double click empties the selection (a click on no mark
 *   changes nothing: in Vega's SVG it has no item, which the selection ignores);
 * - `by: legend`: a click on a legend entry selects its value alone,
 *   shift-click adds or removes it; a click on a mark repeats the last legend
 *   click; a click on nothing empties the selection.
 *
 * From the keyboard, Enter or Space on a focused mark or legend entry is a
 * click (with Shift, a shift-click) and Escape empties the selection; a
 * polite live region says what is selected.
 */
interface Config {
  by: 'click' | 'legend';
}

type Attrs = Record<string, string | null>;

const KEYED = '[data-sel], [data-sel-legend]';
const keyOf = (el: Element) => el.getAttribute('data-sel') ?? el.getAttribute('data-sel-legend');

function parse<T>(text: string | null | undefined): T | undefined {
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null) el.removeAttribute(name);
    else el.setAttribute(name, value);
  }
}

export function enableStaticSelection(figure: HTMLElement): void {
  const config = parse<Config>(figure.dataset.selection);
  const frame = figure.querySelector<HTMLElement>('.chart-frame');
  if (!config || !frame) return;
  let selected: string[] = [];
  // Legend binding: the value of the last legend entry clicked, which a click on a mark selects again.
  let legendValue: string | null = null;
  // Each element's attributes as drawn (the empty selection), read the first time it changes.
  const drawn = new WeakMap<Element, Attrs>();
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  frame.after(status);

  const paint = (): void => {
    for (const el of frame.querySelectorAll(KEYED)) {
      const on = parse<Attrs>(el.getAttribute('data-sel-on')) ?? {};
      const off = parse<Attrs>(el.getAttribute('data-sel-off')) ?? {};
      const names = [...new Set([...Object.keys(on), ...Object.keys(off)])];
      if (names.length === 0) continue;
      if (!drawn.has(el)) drawn.set(el, Object.fromEntries(names.map((name) => [name, el.getAttribute(name)])));
      const base = drawn.get(el)!;
      setAttrs(el, selected.length === 0 ? base : { ...base, ...(selected.includes(keyOf(el)!) ? on : off) });
    }
    frame.dataset.selected = JSON.stringify(selected);
    // Screen readers hear what is selected (the marks' paint says it only to the eye).
    const names = selected.map((key) => (parse<unknown[]>(key) ?? []).join(', '));
    const message = names.length > 0 ? `Selected: ${names.join('; ')}` : '';
    if (status.textContent !== message) status.textContent = message;
  };
  /** Vega-Lite's `modify`: without toggle the tuple replaces the selection (none empties it), with toggle it is added or removed. */
  const modify = (tuple: string | null, toggle: boolean): void => {
    if (toggle) {
      if (tuple === null) return;
      selected = selected.includes(tuple) ? selected.filter((k) => k !== tuple) : [...selected, tuple];
    } else selected = tuple === null ? [] : [tuple];
    paint();
  };

  const act = (target: EventTarget | null, shift: boolean): void => {
    const el = target instanceof Element ? target : null;
    const legendEntry = el?.closest('[data-sel-legend]');
    const mark = el?.closest('[data-sel]');
    // A click that hits no mark reaches Vega's SVG without an item, and a click selection ignores it.
    if (config.by === 'click') return void (mark && modify(keyOf(mark), shift));
    if (legendEntry) {
      legendValue = keyOf(legendEntry);
      return modify(legendValue, shift);
    }
    if (mark) {
      if (legendValue !== null) modify(legendValue, shift);
      return;
    }
    // A click on nothing: the legend value becomes null, which empties the selection (a shift-click leaves it).
    if (legendValue !== null) {
      legendValue = null;
      modify(null, shift);
    }
  };

  frame.addEventListener('click', (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('svg')) return;
    act(event.target, event.shiftKey);
  });
  // Vega-Lite clears a click selection on double click (its two clicks selected first, as in Vega).
  frame.addEventListener('dblclick', (event) => {
    if (config.by !== 'click' || !(event.target instanceof Element) || !event.target.closest('svg')) return;
    selected = [];
    paint();
  });
  frame.addEventListener('keydown', (event) => {
    const el = event.target instanceof Element ? event.target.closest(KEYED) : null;
    if (!el) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      act(el, event.shiftKey);
    } else if (event.key === 'Escape' && selected.length > 0) {
      legendValue = null;
      selected = [];
      paint();
    }
  });
  paint();
}
