/**
 * Stage: point selections without Vega in the browser. The most common
 * selection in a research chart is "click a bar (or a legend entry) and the
 * others fade": a point selection whose only effect is a `condition` in the
 * marks' encoding. Such a chart need not load Vega's runtime. At build time
 * the headless View draws it three times, with the selection empty, holding
 * every mark and holding none; each mark's element then carries its selection
 * key (`data-sel`, or `data-sel-legend` for a legend entry) and its paint when
 * selected and when not (`data-sel-on`, `data-sel-off`), and src/client/static-selection.ts
 * replays Vega-Lite's semantics (click, shift-click, double-click, legend).
 *
 * Only the exact signals Vega-Lite compiles for a default point selection (on
 * fields or, without them, on each mark), on click or bound to the legend, qualify (`selectionPlanOf`), and only
 * when the three drawings differ in nothing but the keyed marks' attributes
 * (`annotationsOf`). Anything else keeps Vega: a brush, a bound input, a
 * filter or a scale driven by the selection, a selection on hover.
 */
import { isDeepStrictEqual } from 'node:util';
import type { View } from 'vega';
import { runtimeReasons } from './chart-needs-runtime.ts';
import { toSvgWithTooltips } from './svg-tooltips.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What the page's script needs: how the selection is made. */
export interface StaticSelection {
  by: 'click' | 'legend';
}

export interface SelectionPlan {
  by: StaticSelection['by'];
  /** The selection's store dataset in the compiled spec (`<param>_store`). */
  store: string;
  fields: string[];
  /** Selected by each mark's `_vgsid_` (a point selection without fields): the store holds ids, sorted. */
  byId: boolean;
  /** The signals Vega-Lite wrote for this selection: the page replaces them. */
  signals: string[];
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Vega-Lite's `unit` signal (pointer position for interval selections): present in every chart with params, inert here. */
const UNIT_SIGNAL = { name: 'unit', value: {}, on: [{ events: 'pointermove', update: 'isTuple(group()) ? group() : unit' }] };

/** The tuple a click makes: the values of the projected fields, or (no fields: Vega-Lite's default) the mark's `_vgsid_`. */
function clickTupleOn(name: string, fields: string[] | 'id', unit: string): Json {
  const of = (f: string) => `(item().isVoronoi ? datum.datum : datum)[${JSON.stringify(f)}]`;
  const tuple = fields === 'id' ? `_vgsid_: ${of('_vgsid_')}` : `fields: ${name}_tuple_fields, values: [${fields.map(of).join(', ')}]`;
  return [
    {
      events: [{ source: 'scope', type: 'click' }],
      update: `datum && item().mark.marktype !== 'group' && indexof(item().mark.role, 'legend') < 0 ? {unit: ${JSON.stringify(unit)}, ${tuple}} : null`,
      force: true,
    },
    { events: [{ source: 'view', type: 'dblclick' }], update: 'null' },
  ];
}

function legendSignalOn(legend: string, marks: string[]): Json {
  return [
    { events: marks.map((markname) => ({ source: 'view', type: 'click', markname })), update: 'isDefined(datum.value) ? datum.value : item().items[0].items[0].datum.value', force: true },
    { events: [{ source: 'view', type: 'click' }], update: `!event.item || !datum ? null : ${legend}`, force: true },
  ];
}

/** Every expression string of a spec outside mark and legend `encode` blocks (where a selection test may appear). */
function expressionsOutsideEncode(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => expressionsOutsideEncode(n, out));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'encode' || key === 'values') continue;
      if (typeof value === 'string' && ['expr', 'update', 'signal', 'test', 'filter'].includes(key)) out.push(value);
      else expressionsOutsideEncode(value, out);
    }
  }
  return out;
}

/**
 * The selection a compiled chart could make without Vega, or undefined. The
 * signals must be exactly those Vega-Lite writes for
 * `{select: {type: 'point', fields: [...]}}` (optionally `on: 'click'`) or the
 * same with `bind: 'legend'`; nothing else in the spec may react to the reader.
 */
export function selectionPlanOf(vegaSpec: object): SelectionPlan | undefined {
  const spec = vegaSpec as JsonObject;
  const data = Array.isArray(spec.data) ? spec.data.filter(isObject) : [];
  const stores = data.filter((d) => typeof d.name === 'string' && d.name.endsWith('_store'));
  if (stores.length !== 1) return undefined;
  const store = stores[0]!;
  // An initial value (`value` on the param) is stored as values: not drawn here. A store of ids is kept sorted.
  const SORTED_BY_ID = [{ type: 'collect', sort: { field: '_vgsid_' } }];
  if (Object.keys(store).some((k) => k !== 'name' && k !== 'transform') || (store.transform !== undefined && !isDeepStrictEqual(store.transform, SORTED_BY_ID))) return undefined;
  const storeName = store.name as string;
  const name = storeName.slice(0, -'_store'.length);
  const signals = new Map((Array.isArray(spec.signals) ? spec.signals.filter(isObject) : []).map((s) => [String(s.name), s]));
  const get = (n: string) => signals.get(n);

  // Projected on fields (`fields` or `encodings`), or on each mark's own id when neither is given.
  const fieldsSignal = get(`${name}_tuple_fields`);
  const tupleFields = fieldsSignal ? fieldsSignal.value : [];
  if (!Array.isArray(tupleFields) || (fieldsSignal && tupleFields.length === 0)) return undefined;
  const byId = !fieldsSignal;
  if (byId !== (store.transform !== undefined)) return undefined;
  const fields: string[] = byId ? ['_vgsid_'] : [];
  for (const f of tupleFields) {
    if (!isObject(f) || f.type !== 'E' || typeof f.field !== 'string' || Object.keys(f).some((k) => !['type', 'field', 'channel'].includes(k))) return undefined;
    fields.push(f.field);
  }
  const resolve = get(name);
  if (!resolve || resolve.update !== `vlSelectionResolve("${storeName}", "union", true, true)` || resolve.on) return undefined;
  const modify = get(`${name}_modify`);
  const t = `${name}_toggle`;
  const expectedModify = [{ events: { signal: `${name}_tuple` }, update: `modify("${storeName}", ${t} ? null : ${name}_tuple, ${t} ? null : true, ${t} ? ${name}_tuple : null)` }];
  if (!modify || !isDeepStrictEqual(modify.on, expectedModify)) return undefined;
  const tuple = get(`${name}_tuple`);
  const toggle = get(t);
  if (!tuple || !toggle || toggle.value !== false) return undefined;

  const own = [name, `${name}_tuple`, `${name}_tuple_fields`, t, `${name}_modify`];
  let by: SelectionPlan['by'];
  const clickUpdate = Array.isArray(tuple.on) && isObject(tuple.on[0]) ? tuple.on[0].update : undefined;
  const unit = typeof clickUpdate === 'string' ? /\{unit: ("(?:[^"\\]|\\.)*"),/.exec(clickUpdate)?.[1] : undefined;
  if (unit !== undefined && isDeepStrictEqual(tuple.on, clickTupleOn(name, byId ? 'id' : fields, JSON.parse(unit) as string))) {
    by = 'click';
    const expectedToggle = [
      { events: [{ source: 'scope', type: 'click' }], update: 'event.shiftKey' },
      { events: [{ source: 'view', type: 'dblclick' }], update: 'false' },
    ];
    if (!isDeepStrictEqual(toggle.on, expectedToggle)) return undefined;
  } else {
    if (byId || fields.length !== 1) return undefined;
    const legend = [...signals.keys()].find((n) => n.startsWith(`${name}_`) && n.endsWith('_legend'));
    const legendSignal = legend ? get(legend) : undefined;
    if (!legend || !legendSignal || legendSignal.value !== null) return undefined;
    const first = Array.isArray(legendSignal.on) && isObject(legendSignal.on[0]) && Array.isArray(legendSignal.on[0].events) ? legendSignal.on[0].events : [];
    const marks = first.map((e) => (isObject(e) && typeof e.markname === 'string' ? e.markname : ''));
    if (marks.length === 0 || marks.some((m) => !/_legend_(symbols|labels|entries)$/.test(m))) return undefined;
    if (!isDeepStrictEqual(legendSignal.on, legendSignalOn(legend, marks))) return undefined;
    if (tuple.on || tuple.update !== `${legend} !== null ? {fields: ${name}_tuple_fields, values: [${legend}]} : null`) return undefined;
    if (!isDeepStrictEqual(toggle.on, [{ events: { merge: [{ source: 'view', type: 'click' }] }, update: 'event.shiftKey' }])) return undefined;
    by = 'legend';
    own.push(legend);
  }
  // Nothing else may react to the reader, and the selection may only change how marks are drawn.
  const rest = { ...spec, signals: (spec.signals as Json[]).filter((s) => !isObject(s) || (!own.includes(String(s.name)) && !isDeepStrictEqual(s, UNIT_SIGNAL))) };
  if (runtimeReasons(rest).length > 0) return undefined;
  const mentions = new RegExp(`\\b(${name}|${name}_store|${name}_tuple)\\b|"${storeName}"`);
  if (expressionsOutsideEncode(rest as Json).some((e) => mentions.test(e))) return undefined;
  return { by, store: storeName, fields, byId, signals: own };
}

/** What the recording renderer saw of one element. */
export interface DrawnElement {
  tag: string | null;
  attrs: Record<string, unknown>;
  /** The selection key (JSON of the values of the selection's fields), for a data mark or a legend entry. */
  key?: string;
  legend?: boolean;
}

/** The store's content that makes every mark (and legend entry) selected, or none. */
export function storeTuples(plan: SelectionPlan, keys: string[] | 'none'): object[] {
  // vlSelectionIdTest bisects the store by id; ids start at 1.
  if (plan.byId) return keys === 'none' ? [{ unit: '', _vgsid_: -1 }] : keys.map((key) => (JSON.parse(key) as number[])[0]!).sort((a, b) => a - b).map((id) => ({ unit: '', _vgsid_: id }));
  const fields = plan.fields.map((field) => ({ type: 'E', field }));
  if (keys === 'none') return [{ unit: '', fields, values: plan.fields.map(() => '\u0000no mark has this value') }];
  return keys.map((key) => ({ unit: '', fields, values: JSON.parse(key) as unknown[] }));
}

export interface Annotations {
  /** Per element index: the attributes to add to it. */
  byIndex: Map<number, Record<string, string>>;
}

const sameAttrs = (a: Record<string, unknown>, b: Record<string, unknown>) => isDeepStrictEqual(a, b);
// Only how a mark is painted may change with the selection (its size and shape are its path): not
// where it is, what it says, or its tooltip.
const PAINT = /^(opacity|fill|stroke|fill-opacity|stroke-opacity|stroke-width|stroke-dasharray|cursor|d)$/;

/** The attributes that differ from `drawn` in `other`, or undefined when one is not paint. */
function paintDiff(drawn: Record<string, unknown>, other: Record<string, unknown>): Record<string, string | null> | undefined {
  const diff: Record<string, string | null> = {};
  for (const name of new Set([...Object.keys(drawn), ...Object.keys(other)])) {
    if (isDeepStrictEqual(drawn[name], other[name])) continue;
    if (!PAINT.test(name)) return undefined;
    diff[name] = other[name] === undefined || other[name] === null ? null : String(other[name]);
  }
  return diff;
}

/**
 * From three drawings of one chart (selection empty, every key selected, none
 * selected): the attributes each keyed element gets (`data-sel-on` and
 * `data-sel-off`: its paint when selected and when not, where it differs from
 * the drawing, which is the empty selection's), or undefined when the drawings
 * differ in anything else (then the chart keeps Vega). Conditions may differ
 * in `empty`: a bar can be opaque and unoutlined with nothing selected,
 * outlined when selected, faded when not.
 */
export function annotationsOf(initial: DrawnElement[], on: DrawnElement[], off: DrawnElement[]): Annotations | undefined {
  if (initial.length !== on.length || initial.length !== off.length) return undefined;
  const byIndex = new Map<number, Record<string, string>>();
  for (let i = 0; i < initial.length; i++) {
    const [a, b, c] = [initial[i]!, on[i]!, off[i]!];
    if (a.tag !== b.tag || a.tag !== c.tag || a.key !== b.key || a.key !== c.key) return undefined;
    if (a.key === undefined) {
      if (!sameAttrs(a.attrs, b.attrs) || !sameAttrs(a.attrs, c.attrs)) return undefined;
      continue;
    }
    const whenOn = paintDiff(a.attrs, b.attrs);
    const whenOff = paintDiff(a.attrs, c.attrs);
    if (!whenOn || !whenOff) return undefined;
    byIndex.set(i, {
      [a.legend ? 'data-sel-legend' : 'data-sel']: a.key,
      ...(Object.keys(whenOn).length > 0 ? { 'data-sel-on': JSON.stringify(whenOn) } : {}),
      ...(Object.keys(whenOff).length > 0 ? { 'data-sel-off': JSON.stringify(whenOff) } : {}),
    });
  }
  return { byIndex };
}

interface Scene { role?: string; marktype?: string; name?: string }
interface Item { datum?: Record<string, unknown>; isVoronoi?: boolean; items?: { items?: { datum?: { value?: unknown } }[] }[] }
const FRAME_TAGS = new Set(['bgrect', 'bgfore']);
const plainValue = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The selection key of the element being written: a data mark's values of
 * the selection's fields (Vega-Lite's tuple), a legend entry's value; `null`
 * for a mark Vega would select by a value the page cannot compare (a date, a
 * missing field), which keeps the chart on Vega.
 */
function keyOf(plan: SelectionPlan, scene: Scene, item: Item, tag: string | null): { key: string; legend: boolean } | null | undefined {
  // An entry's group (symbol, label and the space between) is clickable as a whole, as in Vega.
  const entry = scene.name?.endsWith('_legend_entries') === true && tag === null;
  if (plan.by === 'legend' && (scene.role === 'legend-symbol' || scene.role === 'legend-label' || entry)) {
    const value = entry ? item.items?.[0]?.items?.[0]?.datum?.value : (item.datum as { value?: unknown } | undefined)?.value;
    return plainValue(value) ? { key: JSON.stringify([value]), legend: true } : null;
  }
  if (scene.role !== 'mark' || scene.marktype === 'group' || !tag || FRAME_TAGS.has(tag) || !item.datum) return undefined;
  if (item.isVoronoi) return null;
  const values = plan.fields.map((f) => item.datum![f]);
  return values.every(plainValue) ? { key: JSON.stringify(values), legend: false } : null;
}

/**
 * Draw a chart with a static selection: three recorded drawings (empty, every
 * key, none), then the drawing the page shows, with each keyed element
 * annotated. `selection` is undefined when the chart must keep Vega; the
 * view is left as it was (selection empty) for the lint.
 */
export async function drawWithStaticSelection(view: View, plan: SelectionPlan): Promise<{ svg: string; selection?: StaticSelection }> {
  let unkeyable = false;
  const record = async (): Promise<{ svg: string; elements: DrawnElement[] }> => {
    const elements: DrawnElement[] = [];
    const svg = await toSvgWithTooltips(view, (scene, item, tag, attrs) => {
      const key = keyOf(plan, scene as Scene, item as Item, tag);
      if (key === null) unkeyable = true;
      // A text's content is not an attribute, and a selection may change it.
      const text = (item as { text?: unknown }).text;
      elements.push({ tag, attrs: { ...attrs, ...(text === undefined ? {} : { '#text': text }) }, ...(key ? key : {}) });
    });
    return { svg, elements };
  };
  const initial = await record();
  if (unkeyable) return { svg: initial.svg };
  const keys = [...new Set(initial.elements.flatMap((e) => (e.key ? [e.key] : [])))];
  if (keys.length === 0) return { svg: initial.svg };
  try {
    view.data(plan.store, storeTuples(plan, keys));
    const on = await record();
    view.data(plan.store, storeTuples(plan, 'none'));
    const off = await record();
    view.data(plan.store, []);
    await view.runAsync();
    const annotations = annotationsOf(initial.elements, on.elements, off.elements);
    if (!annotations || unkeyable) return { svg: initial.svg };
    let index = 0;
    const svg = await toSvgWithTooltips(view, (_scene, _item, _tag, attrs) => {
      Object.assign(attrs, annotations.byIndex.get(index++));
    });
    return { svg, selection: { by: plan.by } };
  } catch (error) {
    // Left as it was for the lint, whatever failed.
    view.data(plan.store, []);
    await view.runAsync();
    throw error;
  }
}
