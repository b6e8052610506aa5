/**
 * resvg (the PNG rasteriser) aborts the whole process when it meets a shape
 * drawn wholly outside the canvas with an opacity, or a clipped group whose
 * every shape is: pan/zoom charts whose scale domain leaves points outside the
 * plot do exactly that. Such shapes are invisible in the PNG anyway, so they
 * are dropped before rasterising. A shape is dropped only when it is surely
 * off the canvas (its extent is overestimated); the SVG itself is untouched.
 */

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
const LEAVES = new Set(['path', 'rect', 'line', 'circle', 'ellipse']);

const attr = (attrs: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];

/** The translation of an element's transform, or undefined if it does anything else. */
function translation(attrs: string): [number, number] | undefined {
  const transform = attr(attrs, 'transform');
  if (transform === undefined) return [0, 0];
  const m = /^\s*translate\(\s*([-\d.e+]+)(?:[\s,]+([-\d.e+]+))?\s*\)\s*$/.exec(transform);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** A box surely containing the leaf, in its own coordinates (numbers of a path: their largest magnitude). */
function extent(tag: string, attrs: string): [number, number, number, number] | undefined {
  const num = (name: string) => Number(attr(attrs, name) ?? 0);
  const pad = Number(attr(attrs, 'stroke-width') ?? 1) + 1;
  if (tag === 'rect') return [num('x') - pad, num('y') - pad, num('x') + num('width') + pad, num('y') + num('height') + pad];
  if (tag === 'line') return [Math.min(num('x1'), num('x2')) - pad, Math.min(num('y1'), num('y2')) - pad, Math.max(num('x1'), num('x2')) + pad, Math.max(num('y1'), num('y2')) + pad];
  const d = attr(attrs, 'd');
  if (tag !== 'path' || d === undefined) return undefined;
  const numbers = (d.match(/-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/gi) ?? []).map(Number);
  if (numbers.length === 0) return undefined;
  const r = Math.max(...numbers.map(Math.abs)) + pad;
  return [-r, -r, r, r];
}

/** The SVG without the leaf shapes that lie wholly outside its canvas. */
export function dropOffCanvasShapes(svg: string): string {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(attr(root, 'width'));
  const height = Number(attr(root, 'height'));
  if (!(width > 0 && height > 0)) return svg;
  // The translation of each open element; undefined once any ancestor transforms otherwise.
  const stack: ([number, number] | undefined)[] = [[0, 0]];
  return svg.replace(TAG, (whole, closing: string, tag: string, attrs: string, selfClosing: string) => {
    if (closing) {
      if (stack.length > 1) stack.pop();
      return whole;
    }
    const parent = stack.at(-1);
    const own = translation(attrs);
    const offset = parent && own ? ([parent[0] + own[0], parent[1] + own[1]] as [number, number]) : undefined;
    if (!selfClosing) {
      // Definitions (clip paths, gradients) are not drawn where they are written.
      stack.push(tag === 'defs' || tag === 'clipPath' ? undefined : offset);
      return whole;
    }
    if (!offset || !LEAVES.has(tag)) return whole;
    const box = extent(tag, attrs);
    if (!box) return whole;
    const [x0, y0, x1, y1] = [box[0] + offset[0], box[1] + offset[1], box[2] + offset[0], box[3] + offset[1]];
    return x1 < 0 || y1 < 0 || x0 > width || y0 > height ? '' : whole;
  });
}
