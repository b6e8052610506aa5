/**
 * Stage: lint a chart as a reader sees it. The compiled Vega spec runs in a
 * headless View (as render-chart does) for every layout the site ships, and
 * the checks read the resulting scenegraph, not the spec: what is drawn, where,
 * and what every label, tooltip and aria text says.
 *
 * A finding is a warning: the site is built and the build lists it, with the
 * file, line and fix (report.yaml `chart_lint: error` makes findings errors, for
 * a report that must be clean). A chart can say why a rule does not apply in its
 * usermeta: `"usermeta": {"lint": {"overlap": "why this is fine"}}`. A malformed
 * opt-out, or a chart Vega cannot run, is an error either way.
 */
import * as vega from 'vega';
import { Bounds, parse, View, type Spec as VegaSpec } from 'vega';
import { quote, type Problem } from '../errors/report-error.ts';
import { positionOfPath } from '../errors/json-position.ts';
import { useInterTextMetrics } from './text-metrics.ts';
import { suggestName } from './validate-rows.ts';
import { LINT_RULES, type LintRule } from '../schemas/chart-lint.ts';

export { LINT_RULES, type LintRule } from '../schemas/chart-lint.ts';

export interface LintLayout {
  /** "wide", "narrow", "download": printed in messages. */
  name: string;
  vegaSpec: VegaSpec;
}

/** What the lint needs to know about a dataset the chart reads (a subset of report/datasets' Dataset). */
export interface LintDataset {
  file: string;
  key: string;
  columns: { name: string; info: { boundOf?: string } }[];
  table: { rows: Record<string, unknown>[] };
}

export interface LintInput {
  file: string;
  /** The spec text as written, for line numbers. */
  text: string;
  /** The spec as written (its usermeta holds the opt-outs; its paths name the lines). */
  spec: Record<string, unknown>;
  layouts: LintLayout[];
  datasets: LintDataset[];
}

type Path = (string | number)[];
type Item = Record<string, any>;
type Mark = { marktype: string; role?: string; name?: string; clip?: boolean; description?: string; items: Item[] };

interface Flat {
  item: Item;
  mark: Mark;
  /** Absolute offset of the item's coordinate space. */
  ox: number;
  oy: number;
  guide?: 'axis' | 'legend' | 'title';
  guideItem?: Item;
  /** The plot area the item is drawn in, absolute. */
  plot?: { x: number; y: number; w: number; h: number };
}

export interface Finding {
  rule: LintRule;
  path: Path;
  expected: string;
  found: string;
  fix: string;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
// A missing value as Vega prints it: "null" or "undefined" as a whole value ("Note: null", "null%"),
// or NaN anywhere. Prose such as "the null model" is not a printed value.
const PRINTED_MISSING = /\bNaN\b|(^|[:=]\s*)(null|undefined)(?=\s*($|[;,%)\n]))/;
// How a label says a value is not exact: "over 60%", "> 300M", "under 1%", "300M+".
const BOUND_WORDS = /(^|[\s(])(>|≥|<|≤|~?over|more than|at least|above|under|less than|below|up to|at most)(?=[\s\d]|$)|\d\+/i;
const CLOSE = 16;

// Charts never load anything (data is bound at build time).
const noLoading = {
  load: () => Promise.reject(new Error('charts cannot load files or URLs')),
  sanitize: () => Promise.reject(new Error('charts cannot load files or URLs')),
  http: () => Promise.reject(new Error('charts cannot load URLs')),
  file: () => Promise.reject(new Error('charts cannot read files')),
};

/** Flatten the scenegraph: every item with its absolute offset, its guide and its plot area. */
function flatten(root: Mark): Flat[] {
  const out: Flat[] = [];
  const visit = (mark: Mark, ox: number, oy: number, ctx: Omit<Flat, 'item' | 'mark' | 'ox' | 'oy'>) => {
    for (const item of mark.items ?? []) {
      out.push({ item, mark, ox, oy, ...ctx });
      if (mark.marktype !== 'group') continue;
      const gx = ox + (finite(item.x) ? item.x : 0);
      const gy = oy + (finite(item.y) ? item.y : 0);
      const next = { ...ctx };
      if (mark.role === 'axis') Object.assign(next, { guide: 'axis', guideItem: item });
      else if (mark.role === 'legend') Object.assign(next, { guide: 'legend', guideItem: item });
      else if (mark.role === 'title') next.guide = 'title';
      else if (!ctx.guide && finite(item.width) && finite(item.height) && item.width > 0 && item.height > 0) next.plot = { x: gx, y: gy, w: item.width, h: item.height };
      for (const sub of (item.items ?? []) as Mark[]) visit(sub, gx, gy, next);
    }
  };
  visit(root, 0, 0, {});
  return out;
}

// Vega-Lite's interval selections draw their brush as two rects (`<param>_brush`, `<param>_brush_bg`),
// empty until the reader drags: interaction machinery, not marks of the data.
const BRUSH_MARK = /_brush(_bg)?$/;
const isData = (f: Flat) => !f.guide && f.mark.role === 'mark' && f.mark.marktype !== 'group' && !BRUSH_MARK.test(f.mark.name ?? '');
const textOf = (item: Item): string => (Array.isArray(item.text) ? item.text.join(' ') : item.text == null ? '' : String(item.text));
const absBounds = (f: Flat) => {
  const b = f.item.bounds;
  return b ? { x1: b.x1 + f.ox, y1: b.y1 + f.oy, x2: b.x2 + f.ox, y2: b.y2 + f.oy } : undefined;
};
function visibleText(f: Flat): boolean {
  if (f.mark.marktype !== 'text' || textOf(f.item).trim() === '') return false;
  const { opacity = 1, fillOpacity = 1, fill } = f.item;
  const b = f.item.bounds;
  return opacity > 0 && fillOpacity > 0 && fill !== 'transparent' && fill !== 'none' && b && b.x2 - b.x1 > 0;
}

// ---------- spec paths: where in the chart file a finding points ----------

/** `layer_1_marks` -> ["layer", 1]: Vega-Lite names marks after the view they come from. */
function viewPath(markName = ''): Path {
  const path: Path = [];
  let rest = markName;
  for (let m = /^(layer|concat|hconcat|vconcat)_(\d+)_/.exec(rest); m; m = /^(layer|concat|hconcat|vconcat)_(\d+)_/.exec(rest)) {
    path.push(m[1]!, Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return path;
}
function getIn(node: unknown, path: Path): unknown {
  return path.reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k as string] : undefined), node);
}
/** The nearest `encoding.<channel>` that applies to the view at `base` (its own, or inherited). */
function channelPath(spec: unknown, base: Path, channel: string): Path | undefined {
  for (let prefix = base; ; prefix = prefix.slice(0, -2)) {
    if (getIn(spec, [...prefix, 'encoding', channel]) !== undefined) return [...prefix, 'encoding', channel];
    if (prefix.length === 0) return undefined;
  }
}
/** Every encoding channel definition in the spec, with its path. */
function channelDefs(spec: unknown, base: Path = []): { path: Path; def: Record<string, unknown> }[] {
  const out: { path: Path; def: Record<string, unknown> }[] = [];
  const encoding = getIn(spec, [...base, 'encoding']);
  if (encoding && typeof encoding === 'object') {
    for (const [channel, def] of Object.entries(encoding)) {
      if (Array.isArray(def)) def.forEach((d, i) => d && typeof d === 'object' && out.push({ path: [...base, 'encoding', channel, i], def: d }));
      else if (def && typeof def === 'object') out.push({ path: [...base, 'encoding', channel], def: def as Record<string, unknown> });
    }
  }
  for (const kind of ['layer', 'concat', 'hconcat', 'vconcat']) {
    const children = getIn(spec, [...base, kind]);
    if (Array.isArray(children)) children.forEach((_, i) => out.push(...channelDefs(spec, [...base, kind, i])));
  }
  return out;
}
/** The encoding whose title or field prints `label` (a tooltip row "Items: null" -> its tooltip entry). */
function pathOfLabel(spec: unknown, base: Path, label: string): Path | undefined {
  const defs = channelDefs(spec);
  const matches = defs.filter(({ def }) => def.title === label || (def.title === undefined && def.field === label));
  // Prefer the view the item belongs to, then tooltips (they print the most).
  return (matches.find((m) => base.every((k, i) => m.path[i] === k) && m.path.includes('tooltip')) ?? matches.find((m) => m.path.includes('tooltip')) ?? matches[0])?.path;
}
function guideChannel(f: Flat): string | undefined {
  const datum = f.guideItem?.datum as { scale?: string; scales?: Record<string, string> } | undefined;
  if (f.guide === 'axis') return datum?.scale;
  if (f.guide === 'legend') return Object.values(datum?.scales ?? {})[0];
  return undefined;
}
/** Where a text item comes from in the spec, and what to call it. */
function textSource(spec: unknown, f: Flat): { path: Path; what: string } {
  const base = viewPath(f.mark.name);
  if (f.guide === 'title') return { path: ['title'], what: 'title' };
  const channel = guideChannel(f);
  if (f.guide && channel) {
    const at = channelPath(spec, [], channel) ?? channelPath(spec, firstLayerWith(spec, channel), channel) ?? [];
    const kind = f.guide === 'axis' ? 'axis' : 'legend';
    const axisPath = getIn(spec, [...at, kind]) !== undefined ? [...at, kind] : at;
    return { path: axisPath, what: `${channel} ${kind} ${f.mark.role?.endsWith('title') ? 'title' : 'label'}` };
  }
  return { path: channelPath(spec, base, 'text') ?? [...base, 'mark'], what: 'text mark' };
}
function firstLayerWith(spec: unknown, channel: string): Path {
  return channelDefs(spec).find((d) => d.path[d.path.length - 1] === channel)?.path.slice(0, -2) ?? [];
}

// ---------- rows: which CSV row an item draws ----------

function rowNamer(datasets: LintDataset[]) {
  return (datum: unknown): string | undefined => {
    if (!datum || typeof datum !== 'object') return undefined;
    for (const d of datasets) if (d.key in datum) return String((datum as Record<string, unknown>)[d.key]);
    return undefined;
  };
}
const listRows = (rows: (string | undefined)[]): string => {
  const named = [...new Set(rows.filter((r): r is string => r !== undefined))];
  if (named.length === 0) return '';
  const shown = named.slice(0, 4).map((r) => JSON.stringify(r)).join(', ');
  return ` (${named.length === 1 ? 'row' : 'rows'} ${shown}${named.length > 4 ? ` and ${named.length - 4} more` : ''})`;
};
const listWords = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const MARK_WORD: Record<string, string> = { rect: 'bar', symbol: 'point', rule: 'rule', line: 'line', area: 'area', trail: 'trail', text: 'text label', arc: 'arc' };

// ---------- the rules ----------

/** Size on screen of one item, or NaN when its position cannot be computed. */
function itemArea(marktype: string, it: Item): number {
  if (it.opacity === 0) return 0;
  switch (marktype) {
    case 'rect': {
      const w = it.width !== undefined ? it.width : it.x2 !== undefined ? it.x2 - it.x : 0;
      const h = it.height !== undefined ? it.height : it.y2 !== undefined ? it.y2 - it.y : 0;
      if (![it.x ?? 0, it.y ?? 0, w, h].every(finite)) return NaN;
      return it.fillOpacity === 0 && !it.stroke ? 0 : Math.abs(w) * Math.abs(h);
    }
    case 'symbol': {
      if (![it.x ?? 0, it.y ?? 0, it.size ?? 64].every(finite)) return NaN;
      const painted = (it.fill && it.fill !== 'transparent' && it.fillOpacity !== 0) || (it.stroke && it.stroke !== 'transparent' && it.strokeWidth !== 0);
      return painted ? (it.size ?? 64) : 0;
    }
    case 'rule': {
      const [x, y, x2, y2] = [it.x ?? 0, it.y ?? 0, it.x2 ?? it.x ?? 0, it.y2 ?? it.y ?? 0];
      if (![x, y, x2, y2].every(finite)) return NaN;
      return Math.hypot(x2 - x, y2 - y) * Math.max(it.strokeWidth ?? 1, 1);
    }
    case 'text': {
      if (![it.x ?? 0, it.y ?? 0].every(finite)) return NaN;
      const b = it.bounds;
      return textOf(it).trim() === '' || !b ? 0 : (b.x2 - b.x1) * (b.y2 - b.y1);
    }
    case 'arc': {
      const { startAngle = 0, endAngle = 0, outerRadius = 0, innerRadius = 0 } = it;
      if (![startAngle, endAngle, outerRadius, innerRadius].every(finite)) return NaN;
      return (Math.abs(endAngle - startAngle) / 2) * Math.abs(outerRadius ** 2 - innerRadius ** 2);
    }
    default:
      return 1;
  }
}

/** Lines, areas and trails: one mark instance is one series; its items are the vertices. */
const SERIES_MARKS = new Set(['line', 'area', 'trail']);
function seriesArea(items: Item[]): number {
  if (items.some((v) => !finite(v.x) || !finite(v.y))) return NaN;
  if (items.length < 2) return 0;
  const xs = items.map((v) => v.x as number);
  const ys = items.map((v) => v.y as number);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/** Names of the compiled marks whose encoding tests a selection: hidden or shown by the reader's pointer. */
function selectionDrivenMarks(vegaSpec: VegaSpec): Set<string> {
  const names = new Set<string>();
  const visit = (marks: unknown) => {
    if (!Array.isArray(marks)) return;
    for (const mark of marks as { name?: string; encode?: unknown; marks?: unknown }[]) {
      if (mark.name && /vlSelection(Id)?Test|vlSelectionResolve/.test(JSON.stringify(mark.encode ?? {}))) names.add(mark.name);
      visit(mark.marks);
    }
  };
  visit((vegaSpec as { marks?: unknown }).marks);
  return names;
}

function checkArea(flat: Flat[], rowOf: (d: unknown) => string | undefined, vegaSpec: VegaSpec): Finding[] {
  const interactive = selectionDrivenMarks(vegaSpec);
  const byMark = new Map<string, { marktype: string; units: { area: number; row?: string }[] }>();
  const seenInstances = new Set<Mark>();
  for (const f of flat.filter(isData)) {
    const name = f.mark.name ?? f.mark.marktype;
    const entry = byMark.get(name) ?? { marktype: f.mark.marktype, units: [] };
    byMark.set(name, entry);
    if (SERIES_MARKS.has(f.mark.marktype)) {
      if (seenInstances.has(f.mark)) continue;
      seenInstances.add(f.mark);
      entry.units.push({ area: seriesArea(f.mark.items), row: rowOf(f.item.datum) });
    } else {
      entry.units.push({ area: itemArea(f.mark.marktype, f.item), row: rowOf(f.item.datum) });
    }
  }
  const findings: Finding[] = [];
  for (const [name, { marktype, units }] of byMark) {
    const word = MARK_WORD[marktype] ?? marktype;
    const path = [...viewPath(name), 'mark'];
    const unplaced = units.filter((u) => Number.isNaN(u.area));
    if (unplaced.length > 0) {
      findings.push({
        rule: 'area',
        path,
        expected: `every ${word} drawn with a size`,
        found: `${unplaced.length} of ${plural(units.length, word)} with no size or position${listRows(unplaced.map((u) => u.row))}, a value the scale cannot place`,
        fix: marktype === 'rect' ? 'bars start at 0, which a log scale cannot show: use a linear scale, or draw points instead of bars' : 'a log scale cannot show 0 or less, and an empty cell has no position: filter those rows out or use another scale',
      });
    } else if (units.length > 0 && units.every((u) => u.area < 1) && !interactive.has(name)) {
      // A mark whose opacity or size follows a selection (a hover rule, highlighted points) is invisible until the reader points at it, by design.
      findings.push({
        rule: 'area',
        path,
        expected: `${word}s a reader can see`,
        found: `${plural(units.length, word)}, none with a visible area`,
        fix: 'check the scale (bars on a log scale from 0 have no length), the size, the opacity and the colour of the mark',
      });
    }
  }
  return findings;
}

/** Points of an item that must lie in the plot area, in its parent group's coordinates. */
function anchors(marktype: string, it: Item): [number, number][] {
  const x = it.x ?? 0;
  const y = it.y ?? 0;
  if (marktype === 'rect') {
    const w = it.width ?? (it.x2 !== undefined ? it.x2 - x : 0);
    const h = it.height ?? (it.y2 !== undefined ? it.y2 - y : 0);
    return [[x, y], [x + w, y + h]];
  }
  if (marktype === 'rule' || marktype === 'area') return [[x, y], [it.x2 ?? x, it.y2 ?? y]];
  return [[x, y]];
}

/** For each mark, the fields it places with a scale: {x: {scale, field}} from the compiled spec. */
function markFields(vegaSpec: VegaSpec): Map<string, { channel: string; scale: string; field: string }[]> {
  const out = new Map<string, { channel: string; scale: string; field: string }[]>();
  const visit = (marks: unknown) => {
    if (!Array.isArray(marks)) return;
    for (const m of marks as Record<string, any>[]) {
      const list: { channel: string; scale: string; field: string }[] = [];
      for (const block of Object.values(m.encode ?? {}) as Record<string, any>[]) {
        for (const channel of ['x', 'x2', 'y', 'y2', 'xc', 'yc']) {
          const defs = block?.[channel];
          for (const d of Array.isArray(defs) ? defs : [defs]) {
            const field = typeof d?.field === 'string' ? d.field : typeof d?.field?.field === 'string' ? d.field.field : undefined;
            if (d && typeof d.scale === 'string' && field) list.push({ channel: channel[0]!, scale: d.scale, field });
          }
        }
      }
      if (m.name) out.set(m.name, list);
      visit(m.marks);
    }
  };
  visit((vegaSpec as { marks?: unknown }).marks);
  return out;
}

/** Scales whose domain is written in the spec as numbers: the data may fall outside them. */
function fixedDomains(vegaSpec: VegaSpec): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  const visit = (node: Record<string, any>) => {
    for (const scale of node.scales ?? []) {
      const d = scale.domain;
      if (Array.isArray(d) && d.length >= 2 && d.every(finite) && scale.type !== 'band' && scale.type !== 'point' && scale.type !== 'ordinal') out.set(scale.name, [Math.min(...d), Math.max(...d)]);
    }
    for (const m of node.marks ?? []) visit(m);
  };
  visit(vegaSpec as Record<string, any>);
  return out;
}

function checkClipped(flat: Flat[], spec: unknown, vegaSpec: VegaSpec, rowOf: (d: unknown) => string | undefined): Finding[] {
  const fields = markFields(vegaSpec);
  const domains = fixedDomains(vegaSpec);
  const out = new Map<string, { marktype: string; channel: string; rows: (string | undefined)[]; count: number; name: string; domain?: [number, number] }>();
  const note = (f: Flat, channel: string, domain?: [number, number]) => {
    const key = `${f.mark.name}|${channel}`;
    const entry = out.get(key) ?? { marktype: f.mark.marktype, channel, rows: [], count: 0, name: f.mark.name ?? '', domain };
    entry.count++;
    entry.rows.push(rowOf(f.item.datum));
    out.set(key, entry);
  };
  for (const f of flat.filter(isData)) {
    // The data: a value outside a written domain is drawn off the plot, or squeezes the plot to make room.
    const outside = (fields.get(f.mark.name ?? '') ?? []).find(({ scale, field }) => {
      const domain = domains.get(scale);
      const value = (f.item.datum as Record<string, unknown> | undefined)?.[field];
      return domain && finite(value) && (value < domain[0] || value > domain[1]);
    });
    if (outside) {
      note(f, outside.channel, domains.get(outside.scale));
      continue;
    }
    // The drawing: marks placed off the plot by offsets.
    if (!f.plot || f.mark.marktype === 'text' || f.plot.w < 1 || f.plot.h < 1) continue;
    for (const [ax, ay] of anchors(f.mark.marktype, f.item)) {
      if (!finite(ax) || !finite(ay)) continue;
      const x = f.ox + ax - f.plot.x;
      const y = f.oy + ay - f.plot.y;
      const channel = x < -0.5 || x > f.plot.w + 0.5 ? 'x' : y < -0.5 || y > f.plot.h + 0.5 ? 'y' : undefined;
      if (channel) {
        note(f, channel);
        break;
      }
    }
  }
  return [...out.values()].map(({ marktype, channel, rows, count, name, domain }) => {
    const base = viewPath(name);
    const at = channelPath(spec, base, channel);
    const domainPath = at && getIn(spec, [...at, 'scale', 'domain']) !== undefined ? [...at, 'scale', 'domain'] : undefined;
    const word = MARK_WORD[marktype] ?? marktype;
    return {
      rule: 'clipped' as const,
      path: domainPath ?? at ?? [...base, 'mark'],
      expected: domain ? `every value of the ${word}s inside the fixed ${channel} domain ${JSON.stringify(domain)}` : `every ${word} inside the plot area`,
      found: domain ? `${plural(count, word)} with a value outside it${listRows(rows)}, drawn off the plot or squeezing it` : `${plural(count, word)} drawn outside it${listRows(rows)}`,
      fix: domain ? `widen ${channel}.scale.domain to include every value, or filter those rows out and say so in the caption` : 'check the offsets and the scale of the mark',
    };
  });
}

function checkMissing(flat: Flat[], spec: unknown, rowOf: (d: unknown) => string | undefined): Finding[] {
  const out = new Map<string, { path: Path; printed: string; wheres: Set<string>; rows: (string | undefined)[]; items: number }>();
  const add = (path: Path, where: string, printed: string, row: string | undefined) => {
    const key = `${path.join('.')}|${printed}`;
    const entry = out.get(key) ?? { path, printed, wheres: new Set<string>(), rows: [], items: 0 };
    entry.wheres.add(where);
    entry.rows.push(row);
    entry.items++;
    out.set(key, entry);
  };
  const seenMarks = new Set<Mark>();
  for (const f of flat) {
    const { item, mark } = f;
    const base = viewPath(mark.name);
    const row = rowOf(item.datum);
    if (mark.marktype === 'text' && PRINTED_MISSING.test(textOf(item)) && item.opacity !== 0) {
      const src = textSource(spec, f);
      add(src.path, `the ${src.what}`, textOf(item), row);
    }
    const tooltip = item.tooltip;
    if (typeof tooltip === 'string' && PRINTED_MISSING.test(tooltip)) add(channelPath(spec, base, 'tooltip') ?? [...base, 'mark'], 'the tooltip', tooltip, row);
    else if (tooltip && typeof tooltip === 'object') {
      for (const [label, value] of Object.entries(tooltip)) {
        if (PRINTED_MISSING.test(String(value))) add(pathOfLabel(spec, base, label) ?? channelPath(spec, base, 'tooltip') ?? [...base, 'mark'], 'the tooltip', `${label}: ${String(value)}`, row);
      }
    }
    if (typeof item.description === 'string' && PRINTED_MISSING.test(item.description)) {
      // Vega-Lite writes aria text as "Title: value; Title: value".
      for (const part of item.description.split('; ')) {
        if (!PRINTED_MISSING.test(part)) continue;
        add(pathOfLabel(spec, base, part.split(': ')[0]!) ?? [...base, 'mark'], 'the aria text read by screen readers', part, row);
      }
    }
    if (!seenMarks.has(mark) && typeof mark.description === 'string' && PRINTED_MISSING.test(mark.description)) {
      seenMarks.add(mark);
      add([...base, 'mark'], 'the aria text of the mark', mark.description, undefined);
    }
  }
  return [...out.values()].map(({ path, printed, wheres, rows, items }) => {
    const named = new Set(rows.filter((r) => r !== undefined)).size;
    return {
      rule: 'null' as const,
      path,
      expected: `${[...wheres].join(' and ')} without null, undefined or NaN`,
      found: `${quote(printed)} ${named > 0 ? `for ${plural(named, 'row')}${listRows(rows)}` : `in ${plural(items, 'item')}`}`,
      fix: /NaN/.test(printed)
        ? 'a value that is not a number prints as "NaN": check the field name and the calculation'
        : 'empty cells print as "null": give them a text with a calculate transform, e.g. {"calculate": "datum.note === null ? \'none\' : datum.note", "as": "note_text"}, and show that field, or leave the field out',
    };
  });
}

type Point = [number, number];
/** The corners of a label as drawn (rotated labels are not their bounding box), absolute. */
function textCorners(f: Flat): Point[] {
  const angle = Number(f.item.angle) || 0;
  if (angle % 360 === 0) {
    const b = absBounds(f)!;
    return [[b.x1, b.y1], [b.x2, b.y1], [b.x2, b.y2], [b.x1, b.y2]];
  }
  // Vega's own text geometry, asked for the rotated corners instead of their bounding box.
  const marks = (vega as unknown as { Marks: { text: { bound: (b: unknown, item: Item, mode: number) => number[] } } }).Marks;
  const p = marks.text.bound(new Bounds(), f.item, 2);
  return [0, 2, 4, 6].map((i) => [p[i]! + f.ox, p[i + 1]! + f.oy]);
}
/** How deep two labels overlap (separating axis test on their rectangles); 0 or less: apart. */
function overlapDepth(a: { corners: Point[]; angle: number }, b: { corners: Point[]; angle: number }): number {
  let depth = Infinity;
  for (const angle of [a.angle, b.angle]) {
    const r = (angle * Math.PI) / 180;
    for (const [ax, ay] of [[Math.cos(r), Math.sin(r)], [-Math.sin(r), Math.cos(r)]] as Point[]) {
      const pa = a.corners.map(([x, y]) => x * ax + y * ay);
      const pb = b.corners.map(([x, y]) => x * ax + y * ay);
      depth = Math.min(depth, Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)));
    }
  }
  return depth;
}

function checkOverlap(flat: Flat[], spec: unknown, canvas: { x1: number; y1: number; x2: number; y2: number }): Finding[] {
  const texts = flat.filter(visibleText).map((f) => ({ f, b: absBounds(f)!, corners: textCorners(f), angle: Number(f.item.angle) || 0, ...textSource(spec, f) }));
  const findings = new Map<string, Finding>();
  for (const t of texts) {
    const { b } = t;
    if (b.x1 < canvas.x1 - 0.5 || b.x2 > canvas.x2 + 0.5 || b.y1 < canvas.y1 - 0.5 || b.y2 > canvas.y2 + 0.5) {
      const key = `out|${t.path.join('.')}`;
      if (findings.has(key)) continue;
      const side = b.x1 < canvas.x1 - 0.5 ? 'left' : b.x2 > canvas.x2 + 0.5 ? 'right' : b.y1 < canvas.y1 - 0.5 ? 'top' : 'bottom';
      findings.set(key, {
        rule: 'overlap',
        path: t.path,
        expected: `the ${t.what}s inside the chart`,
        found: `${quote(textOf(t.f.item))} running past its ${side} edge`,
        fix: 'shorten the text, set a labelLimit, move the label (align, dx), or leave room on that side with the chart\'s "padding", e.g. {"left": 4, "top": 4, "bottom": 4, "right": 40}',
      });
    }
  }
  // Sweep along x: only labels whose spans meet can overlap.
  const sorted = [...texts].sort((a, b) => a.b.x1 - b.b.x1);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.b.x1 < a.b.x2 - 0.5; j++) {
      const c = sorted[j]!;
      // Half a pixel of slack: labels that only touch are Vega's own limit (labelSeparation 0).
      const dx = Math.min(a.b.x2, c.b.x2) - Math.max(a.b.x1, c.b.x1);
      const dy = Math.min(a.b.y2, c.b.y2) - Math.max(a.b.y1, c.b.y1);
      if (dx <= 0.5 || dy <= 0.5 || ((a.angle || c.angle) && overlapDepth(a, c) <= 0.5)) continue;
      const [first, second] = [a, c].sort((p, q) => p.path.join('.').localeCompare(q.path.join('.')));
      const key = `pair|${first!.path.join('.')}|${second!.path.join('.')}`;
      if (findings.has(key)) continue;
      findings.set(key, {
        rule: 'overlap',
        path: first!.path,
        expected: 'labels that do not overlap',
        found: `the ${first!.what} ${quote(textOf(first!.f.item))} drawn over the ${second!.what} ${quote(textOf(second!.f.item))}`,
        fix: 'move one of them (align, dx, dy, labelAngle), shorten it, or give the chart more room (a larger height step)',
      });
    }
  }
  return [...findings.values()];
}

function distanceToBox(x: number, y: number, b: { x1: number; y1: number; x2: number; y2: number }): number {
  return Math.hypot(Math.max(b.x1 - x, 0, x - b.x2), Math.max(b.y1 - y, 0, y - b.y2));
}

function checkSeries(flat: Flat[], rowOf: (d: unknown) => string | undefined): Finding[] {
  const labels = flat.filter((f) => isData(f) && visibleText(f)).map((f) => ({ text: textOf(f.item).trim(), b: absBounds(f)! }));
  const series = new Map<string, { mark: Mark; ox: number; oy: number }[]>();
  const seen = new Set<Mark>();
  for (const f of flat.filter(isData)) {
    if (!SERIES_MARKS.has(f.mark.marktype) || seen.has(f.mark)) continue;
    seen.add(f.mark);
    const list = series.get(f.mark.name ?? '') ?? [];
    list.push({ mark: f.mark, ox: f.ox, oy: f.oy });
    series.set(f.mark.name ?? '', list);
  }
  const findings: Finding[] = [];
  for (const [name, list] of series) {
    if (list.length < 2) continue;
    const styles = new Map<string, typeof list>();
    for (const s of list) {
      const v = s.mark.items[0] ?? {};
      const key = JSON.stringify([v.stroke, s.mark.marktype === 'line' ? null : v.fill, v.strokeDash, v.strokeWidth, v.opacity, v.strokeOpacity]);
      styles.set(key, [...(styles.get(key) ?? []), s]);
    }
    for (const [key, alike] of styles) {
      if (alike.length < 2) continue;
      const named = alike.map((s) => {
        const ends = [s.mark.items[0], s.mark.items[s.mark.items.length - 1]].filter((v) => v && finite(v.x) && finite(v.y));
        const near = labels.filter((l) => ends.some((v) => distanceToBox(s.ox + v!.x, s.oy + v!.y, l.b) <= CLOSE));
        return { s, label: near.map((l) => l.text).sort().join(' ') };
      });
      const counts = new Map<string, number>();
      named.forEach((n) => counts.set(n.label, (counts.get(n.label) ?? 0) + 1));
      const unclear = named.filter((n) => n.label === '' || counts.get(n.label)! > 1);
      if (unclear.length === 0) continue;
      const colour = JSON.parse(key)[0] ?? JSON.parse(key)[1];
      const word = MARK_WORD[alike[0]!.mark.marktype] ?? 'line';
      findings.push({
        rule: 'series',
        path: [...viewPath(name), 'mark'],
        expected: `each ${word} told apart from the others`,
        found: `${plural(alike.length, word)} drawn alike${colour ? ` (${colour})` : ''}, ${unclear.length} without a label of its own at either end${listRows(unclear.map((n) => rowOf(n.s.mark.items[0]?.datum)))}`,
        fix: `label each ${word} at its end (a text layer on the last point), give each its own colour or strokeDash, or draw one row per series`,
      });
    }
  }
  return findings;
}

interface BoundCell {
  dataset: LintDataset;
  row: string;
  column: string;
  flagColumn: string;
  value: number;
  kind: 'lower' | 'upper';
}

function boundCells(datasets: LintDataset[]): BoundCell[] {
  const cells: BoundCell[] = [];
  for (const dataset of datasets) {
    for (const { name, info } of dataset.columns) {
      if (!info.boundOf) continue;
      for (const row of dataset.table.rows) {
        const kind = row[name];
        const value = row[info.boundOf];
        if ((kind === 'lower' || kind === 'upper') && finite(value)) cells.push({ dataset, row: String(row[dataset.key]), column: info.boundOf, flagColumn: name, value, kind });
      }
    }
  }
  return cells;
}

const SI: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, B: 1e9, T: 1e12 };
/** The numbers a label prints: "300M" -> 3e8, "over 60%" -> 60. */
function printedNumbers(text: string): number[] {
  return [...text.replace(/(\d),(\d{3})/g, '$1$2').matchAll(/(\d+(?:\.\d+)?)\s*([kKMGBT]?)/g)].map((m) => Number(m[1]) * SI[m[2]!]!);
}
const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 0.005);

/** Scale names the mark's encoders use for x and y, from the compiled spec. */
function markScales(vegaSpec: VegaSpec): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (marks: unknown) => {
    if (!Array.isArray(marks)) return;
    for (const m of marks as Record<string, any>[]) {
      const scales = new Set<string>();
      for (const block of Object.values(m.encode ?? {}) as Record<string, any>[]) {
        for (const channel of ['x', 'x2', 'y', 'y2', 'xc', 'yc']) {
          const def = block?.[channel];
          for (const d of Array.isArray(def) ? def : [def]) if (d && typeof d.scale === 'string') scales.add(d.scale);
        }
      }
      if (m.name) out.set(m.name, [...scales]);
      visit(m.marks);
    }
  };
  visit((vegaSpec as { marks?: unknown }).marks);
  return out;
}

function styleOf(it: Item): string {
  return JSON.stringify([it.fill, it.stroke, it.shape, it.strokeDash, it.opacity, it.fillOpacity, it.strokeOpacity, it.size, it.strokeWidth]);
}

function checkBounds(flat: Flat[], view: View, vegaSpec: VegaSpec, datasets: LintDataset[]): Finding[] {
  const cells = boundCells(datasets);
  if (cells.length === 0) return [];
  const data = flat.filter(isData);
  const labels = data.filter(visibleText);
  const scalesOf = markScales(vegaSpec);
  /** The item's edges and anchors along x and along y, in its plot's coordinates. */
  const edges = (f: Flat): { x: number[]; y: number[] } => {
    const it = f.item;
    const px = f.ox - (f.plot?.x ?? 0);
    const py = f.oy - (f.plot?.y ?? 0);
    return {
      x: [it.x, it.x2, finite(it.width) ? it.x + it.width : undefined].filter(finite).map((v) => v + px),
      y: [it.y, it.y2, finite(it.height) ? it.y + it.height : undefined].filter(finite).map((v) => v + py),
    };
  };
  const drawsAt = (f: Flat, value: number): boolean => {
    const at = edges(f);
    return (scalesOf.get(f.mark.name ?? '') ?? []).some((name) => {
      let scale: ((v: number) => number) & { bandwidth?: unknown };
      try {
        scale = view.scale(name) as never;
      } catch {
        return false;
      }
      // Only continuous scales place a number; a band scale places a category.
      if (typeof scale !== 'function' || typeof scale.bandwidth === 'function') return false;
      const p = scale(value);
      return finite(p) && (/(^|_)y$/.test(name) ? at.y : at.x).some((q) => Math.abs(q - p) <= 0.75);
    });
  };
  const onBoundRow = (f: Flat) => cells.some((c) => String((f.item.datum as Record<string, unknown> | undefined)?.[c.dataset.key]) === c.row);
  const findings: Finding[] = [];
  for (const cell of cells) {
    const mine = data.filter((f) => f.item.datum && String((f.item.datum as Record<string, unknown>)[cell.dataset.key]) === cell.row);
    const drawings: { f: Flat; marked: boolean }[] = [];
    for (const f of mine) {
      if (f.mark.marktype === 'text') {
        if (visibleText(f) && printedNumbers(textOf(f.item)).some((n) => near(n, cell.value))) drawings.push({ f, marked: BOUND_WORDS.test(textOf(f.item)) });
        continue;
      }
      if (!drawsAt(f, cell.value)) continue;
      const box = absBounds(f);
      const labelled = !!box && labels.some((l) => BOUND_WORDS.test(textOf(l.item)) && distanceToBox((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, absBounds(l)!) <= CLOSE + (box.x2 - box.x1) / 2);
      const others = data.filter((o) => o.mark.name === f.mark.name && o !== f && !onBoundRow(o));
      const distinct = others.length > 0 && others.every((o) => styleOf(o.item) !== styleOf(f.item));
      drawings.push({ f, marked: labelled || distinct });
    }
    if (drawings.length === 0 || drawings.some((d) => d.marked)) continue;
    const first = drawings[0]!.f;
    const shown = drawings.map((d) => (d.f.mark.marktype === 'text' ? `the label ${quote(textOf(d.f.item))}` : `a ${MARK_WORD[d.f.mark.marktype] ?? d.f.mark.marktype}`));
    const word = cell.kind === 'lower' ? 'over' : 'under';
    findings.push({
      rule: 'bounds',
      path: [...viewPath(first.mark.name), 'mark'],
      expected: `a ${cell.kind} bound drawn as a bound`,
      found: `${cell.column} of row ${JSON.stringify(cell.row)} in ${cell.dataset.file} (${cell.flagColumn}: ${cell.kind}, so "${word} ${cell.value}") drawn as an exact value by ${[...new Set(shown)].join(' and ')}`,
      fix: `say "${word}" in its label (e.g. a text layer printing "${word} ${cell.value}"), or draw it with its own shape, fill or dash and explain it in the caption`,
    });
  }
  return findings;
}

// ---------- opt-outs ----------

interface OptOuts {
  reasons: Map<LintRule, string>;
  problems: Problem[];
}

function readOptOuts(input: Pick<LintInput, 'file' | 'text' | 'spec'>): OptOuts {
  const { file, text, spec } = input;
  const reasons = new Map<LintRule, string>();
  const problems: Problem[] = [];
  const lint = getIn(spec, ['usermeta', 'lint']);
  if (lint === undefined) return { reasons, problems };
  const at = (path: Path) => ({ file, ...positionOfPath(text, path), field: path.join('.') });
  const rules = Object.keys(LINT_RULES);
  if (!lint || typeof lint !== 'object' || Array.isArray(lint)) {
    problems.push({ ...at(['usermeta', 'lint']), expected: `an object of opt-outs, each a rule (${rules.join(', ')}) and the reason it does not apply`, found: quote(JSON.stringify(lint)) });
    return { reasons, problems };
  }
  for (const [rule, reason] of Object.entries(lint)) {
    if (!(rule in LINT_RULES)) {
      const guess = suggestName(rule, rules);
      problems.push({ ...at(['usermeta', 'lint', rule]), expected: `a chart lint rule (${rules.join(', ')})`, found: quote(rule), fix: guess ? `did you mean "${guess}"?` : 'remove it' });
      continue;
    }
    if (typeof reason !== 'string' || reason.trim().split(/\s+/).length < 3) {
      problems.push({ ...at(['usermeta', 'lint', rule]), expected: `the reason this chart may have ${LINT_RULES[rule as LintRule]}, in words`, found: quote(JSON.stringify(reason)), fix: 'write why the reader is not misled, e.g. "the zero-length bars are the zeros of the data; their labels say 0"' });
      continue;
    }
    reasons.set(rule as LintRule, reason);
  }
  return { reasons, problems };
}

// ---------- the stage ----------

/** What the lint reads besides the drawn view: the spec as written and the datasets' keys and bounds. */
export type LintContext = Pick<LintInput, 'spec' | 'datasets'>;

/** The findings on one layout, from a view that has run (the render's own view: nothing is computed twice). */
export function lintView(context: LintContext, vegaSpec: VegaSpec, view: View): Finding[] {
  // Labels are measured with the font the page draws, so overlaps found here are the reader's.
  useInterTextMetrics();
  const root = (view.scenegraph() as unknown as { root: Mark }).root;
  const flat = flatten(root);
  const rowOf = rowNamer(context.datasets);
  const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
  const origin = view.origin();
  // The SVG is the view plus its padding; the scene is drawn offset by padding and origin.
  const internal = view as unknown as { _viewWidth: number; _viewHeight: number };
  const offX = pad.left + origin[0]!;
  const offY = pad.top + origin[1]!;
  const canvas = { x1: -offX, y1: -offY, x2: internal._viewWidth + pad.left + pad.right - offX, y2: internal._viewHeight + pad.top + pad.bottom - offY };
  return [
    ...checkArea(flat, rowOf, vegaSpec),
    ...checkClipped(flat, context.spec, vegaSpec, rowOf),
    ...checkMissing(flat, context.spec, rowOf),
    ...checkOverlap(flat, context.spec, canvas),
    ...checkSeries(flat, rowOf),
    ...checkBounds(flat, view, vegaSpec, context.datasets),
  ];
}

/** Only what the lint reads of a dataset: its key, and its rows only where a bound() column needs them. */
export function lintDatasets(datasets: LintDataset[]): LintDataset[] {
  return datasets.map((d) => ({ file: d.file, key: d.key, columns: d.columns.map((c) => ({ name: c.name, info: { boundOf: c.info.boundOf } })), table: { rows: d.columns.some((c) => c.info.boundOf) ? d.table.rows : [] } }));
}

async function lintLayout(input: LintInput, layout: LintLayout): Promise<Finding[]> {
  const view = new View(parse(structuredClone(layout.vegaSpec)), { renderer: 'none', loader: noLoading as never });
  try {
    await view.runAsync();
    return lintView(input, layout.vegaSpec, view);
  } finally {
    view.finalize();
  }
}

/** One layout's outcome: its findings, or the error that stopped it from running. */
export type LayoutLint = { name: string; findings: Finding[] } | { name: string; error: string };

/** What the lint found: errors (the lint could not do its job) and warnings (what may mislead a reader). */
export interface LintOutcome {
  problems: Problem[];
  warnings: Problem[];
}

/** Lint one chart at every layout (each drawn here; the build lints the views it renders: lintView). */
export async function lintChart(input: LintInput): Promise<LintOutcome> {
  const outcomes: LayoutLint[] = [];
  for (const layout of input.layouts) {
    try {
      outcomes.push({ name: layout.name, findings: await lintLayout(input, layout) });
    } catch (error) {
      outcomes.push({ name: layout.name, error: (error as Error).message });
    }
  }
  return lintProblems(input, outcomes);
}

/** The findings of every layout as warnings: one per finding, naming the layouts it shows at; opt-outs applied. */
export function lintProblems(input: Pick<LintInput, 'file' | 'text' | 'spec'>, outcomes: LayoutLint[]): LintOutcome {
  const { reasons, problems } = readOptOuts(input);
  const warnings: Problem[] = [];
  const merged = new Map<string, { finding: Finding; layouts: string[] }>();
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      // A chart that fails while running cannot be looked at: say so, never crash the check.
      problems.push({ file: input.file, expected: 'a chart Vega can run', found: `${outcome.error} at the ${outcome.name} layout`, fix: 'open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem' });
      continue;
    }
    for (const finding of outcome.findings) {
      const key = JSON.stringify([finding.rule, finding.path, finding.expected, finding.found]);
      const entry = merged.get(key) ?? { finding, layouts: [] };
      entry.layouts.push(outcome.name);
      merged.set(key, entry);
    }
  }
  const used = new Set<LintRule>();
  for (const { finding, layouts } of merged.values()) {
    if (reasons.has(finding.rule)) {
      used.add(finding.rule);
      continue;
    }
    warnings.push({
      file: input.file,
      ...positionOfPath(input.text, finding.path),
      field: finding.path.join('.') || undefined,
      expected: finding.expected,
      found: `${finding.found} at the ${listWords(layouts)} layout${layouts.length > 1 ? 's' : ''}`,
      fix: `${finding.fix}; or, if the reader is not misled, opt out with "usermeta": {"lint": {"${finding.rule}": "the reason"}}`,
    });
  }
  for (const rule of reasons.keys()) {
    if (used.has(rule)) continue;
    warnings.push({ file: input.file, ...positionOfPath(input.text, ['usermeta', 'lint', rule]), field: `usermeta.lint.${rule}`, expected: 'an opt-out only where the chart lint finds something', found: `nothing to excuse for "${rule}"`, fix: 'remove the opt-out' });
  }
  return { problems, warnings };
}
