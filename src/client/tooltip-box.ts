/**
 * The tooltip box, without Vega: the same element, markup and placement as
 * vega-tooltip's (`#vg-tooltip-element`, an `<h2>` for a `title` key, a table
 * of `td.key` / `td.value` rows), so the site's tooltip CSS styles both.
 * Content is set as text, never as markup.
 */
const ID = 'vg-tooltip-element';
const OFFSET = 10; // vega-tooltip's default offsetX / offsetY
const MAX_DEPTH = 2; // vega-tooltip's default maxDepth

function box(): HTMLElement {
  let el = document.getElementById(ID);
  if (!el) {
    el = document.createElement('div');
    el.id = ID;
    el.className = 'vg-tooltip';
    (document.fullscreenElement ?? document.body).append(el);
  }
  return el;
}

/** JSON.stringify as vega-tooltip does it: nested objects cut at MAX_DEPTH. */
function stringify(value: unknown): string {
  const stack: unknown[] = [];
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v !== 'object' || v === null) return v;
    stack.length = stack.indexOf(this) + 1;
    if (stack.length > MAX_DEPTH) return '[Object]';
    if (stack.includes(v)) return '[Circular]';
    stack.push(v);
    return v;
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => v === Object(v) && !Array.isArray(v);

/** vega-tooltip's formatValue, building nodes instead of an HTML string. */
export function tooltipNodes(value: unknown): Node[] {
  if (Array.isArray(value)) return [document.createTextNode(`[${value.map((v) => (typeof v === 'string' ? v : stringify(v))).join(', ')}]`)];
  if (!isObject(value)) return [document.createTextNode(String(value))];
  const nodes: Node[] = [];
  // `image` is left out on purpose: a chart never makes the page load anything.
  const { title, image: _image, ...rest } = value;
  if (title) {
    const h2 = document.createElement('h2');
    h2.textContent = String(title);
    nodes.push(h2);
  }
  const keys = Object.keys(rest).filter((k) => rest[k] !== undefined);
  if (Object.keys(rest).length > 0) {
    const table = document.createElement('table');
    for (const key of keys) {
      const row = table.insertRow();
      const k = row.insertCell();
      k.className = 'key';
      k.textContent = key;
      const v = row.insertCell();
      v.className = 'value';
      v.textContent = isObject(rest[key]) ? stringify(rest[key]) : String(rest[key]);
    }
    nodes.push(table);
  }
  return nodes.length > 0 ? nodes : [document.createTextNode('{}')];
}

/** The tooltip's text in one line, for a mark's accessible name. */
export function tooltipLabel(value: unknown): string {
  if (!isObject(value)) return tooltipNodes(value).map((n) => n.textContent).join('');
  return Object.entries(value)
    .filter(([k, v]) => k !== 'image' && v !== undefined)
    .map(([k, v]) => (k === 'title' ? String(v) : `${k}: ${isObject(v) ? stringify(v) : String(v)}`))
    .join('; ');
}

interface Rect { x1: number; x2: number; y1: number; y2: number }

function positions(r: Rect, w: number, h: number): Record<string, { x: number; y: number }> {
  const xc = (r.x1 + r.x2) / 2, yc = (r.y1 + r.y2) / 2;
  const left = r.x1 - w - OFFSET, center = xc - w / 2, right = r.x2 + OFFSET;
  const top = r.y1 - h - OFFSET, middle = yc - h / 2, bottom = r.y2 + OFFSET;
  return {
    top: { x: center, y: top }, bottom: { x: center, y: bottom }, left: { x: left, y: middle }, right: { x: right, y: middle },
    'top-left': { x: left, y: top }, 'top-right': { x: right, y: top }, 'bottom-left': { x: left, y: bottom }, 'bottom-right': { x: right, y: bottom },
  };
}

const fits = (p: { x: number; y: number }, w: number, h: number) => p.x >= 0 && p.y >= 0 && p.x + w <= window.innerWidth && p.y + h <= window.innerHeight;

/**
 * Show `value` next to the pointer (a point) or a focused mark (its box), trying
 * the positions vega-tooltip tries for its `cursor` and `mark` anchors.
 */
export function showTooltip(value: unknown, at: { x: number; y: number } | DOMRect): void {
  const el = box();
  if (value === null || value === undefined || value === '') return hideTooltip();
  el.replaceChildren(...tooltipNodes(value));
  el.classList.add('visible', 'light-theme');
  const { width: w, height: h } = el.getBoundingClientRect();
  const isPoint = !('width' in at);
  const rect = isPoint ? { x1: at.x, x2: at.x, y1: at.y, y2: at.y } : { x1: at.left, x2: at.right, y1: at.top, y2: at.bottom };
  const all: Record<string, { x: number; y: number } | undefined> = positions(rect, w, h);
  const order = isPoint ? ['bottom-right', 'bottom-left', 'top-right', 'top-left'] : ['top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'];
  const fallback = isPoint ? all['top-left']! : positions({ x1: rect.x2, x2: rect.x2, y1: rect.y1, y2: rect.y1 }, w, h)['bottom-right']!;
  const p = order.map((name) => all[name]!).find((q) => fits(q, w, h)) ?? fallback;
  el.style.top = `${p.y}px`;
  el.style.left = `${p.x}px`;
}

export function hideTooltip(): void {
  document.getElementById(ID)?.classList.remove('visible', 'light-theme');
}
