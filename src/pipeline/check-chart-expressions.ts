/**
 * Stage: a chart spec -> problems for expressions that could escape Vega's sandbox.
 *
 * A spec is code: Vega compiles its expression strings to JavaScript, and the
 * guard around them has been bypassed before (GHSA-4vq7-882g-wcg4 via `scale()`,
 * GHSA-w5m3-xh75-mp55 via `lassoAppend`, vega#3984 via `event.view`,
 * CVE-2025-59840 via `toString`). So every expression is parsed with Vega's own
 * parser and its syntax tree walked, and anything that reaches JavaScript
 * internals, the page or the browser is refused, whatever Vega would allow.
 * Strings Vega-Lite pastes into expressions unescaped (`format.parse` date
 * patterns, `formatType`, param names) are checked too, and so is the compiled
 * Vega spec, in case Vega-Lite writes an expression we did not foresee.
 */
import safeRegex from 'safe-regex';
import { codegenExpression, expressionFunction, parseExpression, parseSelector } from 'vega';
import { quote, type Problem } from '../errors/report-error.ts';
import { positionOfPath } from '../errors/json-position.ts';

type Path = (string | number)[];

/** A string in a spec that Vega runs: an expression, or an event selector (whose `[...]` filters are expressions). */
export interface FoundCode {
  path: Path;
  source: string;
  kind: 'expression' | 'selector';
}

/** A string in a spec that Vega-Lite pastes into expressions, and what is wrong with it. */
interface BadString {
  path: Path;
  expected: string;
  found: string;
  fix: string;
}

/** Why an expression is refused: the offending name (or parse error) and how to fix it. */
export interface ExpressionViolation {
  found: string;
  fix: string;
  /** The expression does not parse at all. */
  syntax?: boolean;
}

// Keys whose string value is an expression, in Vega-Lite (`calculate`, `expr`, `labelExpr`) and Vega (`signal`, `update`, `init`).
const EXPRESSION_KEYS = new Set(['expr', 'calculate', 'signal', 'update', 'init']);
// Keys whose string value is an expression, or a predicate made of them (`and`/`or`/`not`), or a list of them (event stream filters).
const PREDICATE_KEYS = new Set(['filter', 'test', 'and', 'or', 'not']);
// Keys of a Vega-Lite selection (`params[].select`) whose string value is an event selector.
const SELECT_EVENT_KEYS = new Set(['on', 'clear', 'translate', 'zoom']);
// Never code: metadata Vega ignores (its one live part, `embedOptions`, is refused by checkChartLinks).
// Plain strings elsewhere are never read as code, but an object under any other key may hold an
// `expr`, e.g. a mark's `description` or an axis's `values` (issue 13: `axis.values: {expr}` ran).
const SKIP_KEYS = new Set(['usermeta']);
/** Rows of data (`data.values`, Vega's `data[].values`, top-level `datasets`) are data, never code, even with a column named `expr`. */
const isDataRows = (key: string, parentKey: string): boolean => key === 'values' && parentKey === 'data';

/**
 * Walk a spec's objects and arrays (skipping inline data and metadata), giving
 * `handle` each key with its path and its parent's key. `handle` returns true
 * when it dealt with the value; otherwise the walk descends into it.
 */
function walkSpec(spec: unknown, handle: (key: string, value: unknown, path: Path, parentKey: string) => boolean, root: Path = []): void {
  const visit = (node: unknown, path: Path, parentKey: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...path, i], parentKey));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      // Named datasets at the top level (Altair's rows) are data rows too.
      if (SKIP_KEYS.has(key) || isDataRows(key, parentKey) || (key === 'datasets' && path.length === 0)) continue;
      const here = [...path, key];
      if (!handle(key, value, here, parentKey)) visit(value, here, key);
    }
  };
  visit(spec, root, '');
}

/** Every expression and event selector in a Vega-Lite or Vega spec, with its path. */
export function findCode(spec: unknown): FoundCode[] {
  const found: FoundCode[] = [];
  const predicate = (value: unknown, path: Path): void => {
    if (typeof value === 'string') found.push({ path, source: value, kind: 'expression' });
    else if (Array.isArray(value)) value.forEach((item, i) => predicate(item, [...path, i]));
    else walkSpec(value, handle, path);
  };
  const handle = (key: string, value: unknown, here: Path, parentKey: string): boolean => {
    if ((EXPRESSION_KEYS.has(key) || /.Expr$/.test(key)) && typeof value === 'string') found.push({ path: here, source: value, kind: 'expression' });
    else if (PREDICATE_KEYS.has(key)) predicate(value, here);
    else if ((key === 'events' || (parentKey === 'select' && SELECT_EVENT_KEYS.has(key))) && typeof value === 'string') found.push({ path: here, source: value, kind: 'selector' });
    else return false;
    return true;
  };
  walkSpec(spec, handle);
  return found;
}

// Names that reach the page, the browser or the JavaScript runtime. Vega resolves bare names to
// its own signals, so none of these should ever work; refusing them keeps it that way if a guard breaks.
// (`parent` is not here: in a facet it is Vega's name for the enclosing group's datum.)
const FORBIDDEN_GLOBALS = new Set([
  'window', 'document', 'self', 'globalThis', 'global', 'top', 'frames', 'opener', 'location', 'navigator',
  'eval', 'Function', 'Object', 'Reflect', 'Proxy', 'setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame',
  'import', 'require', 'process', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'importScripts', 'VEGA_DEBUG',
  'constructor', '__proto__', 'prototype', 'arguments',
]);
// Property names that lead from any object to its constructor (and so `Function`), to the DOM, or to a thenable.
const FORBIDDEN_MEMBERS = new Set([
  'constructor', '__proto__', 'prototype', 'caller', 'callee', 'arguments', 'then',
  'ownerDocument', 'defaultView', 'window', 'document', 'eval', 'Function', 'setTimeout', 'setInterval', 'fetch', 'import',
  ...Object.getOwnPropertyNames(Object.prototype),
]);
// Parts of a DOM event that lead to the window or the page (vega#3984: `event.view.setTimeout`).
const FORBIDDEN_EVENT_MEMBERS = new Set(['view', 'target', 'currentTarget', 'srcElement', 'relatedTarget', 'toElement', 'fromElement', 'path', 'composedPath']);
// Functions whose first argument names a scale, dataset or selection; given anything but a literal name, `scale()` once called attacker objects (GHSA-4vq7).
const NAME_TAKING_FUNCTIONS = new Set([
  'scale', 'invert', 'copy', 'domain', 'range', 'bandwidth', 'gradient',
  'geoArea', 'geoBounds', 'geoCentroid', 'geoShape', 'geoScale', 'geoTranslate',
  'data', 'indata', 'modify', 'treePath', 'treeAncestors', 'vlSelectionTest', 'vlSelectionIdTest', 'vlSelectionResolve',
]);
// Where the optional `group` argument of the scale and projection functions sits; only `group()` may fill it.
const GROUP_ARGUMENT: Record<string, number> = {
  bandwidth: 1, copy: 1, domain: 1, range: 1, geoScale: 1, geoTranslate: 1,
  scale: 2, invert: 2, geoArea: 2, geoBounds: 2, geoCentroid: 2, geoShape: 2, gradient: 4,
};
// Vega internals a Vega-Lite chart never needs: lasso helpers (GHSA-w5m3), and `view()`, which hands out the View and through it the page.
const FORBIDDEN_FUNCTIONS = new Set(['lassoAppend', 'lassoPath', 'intersectLasso', 'view']);
// Functions Vega adds for event handlers, on top of its expression library.
const EVENT_FUNCTIONS = ['item', 'group', 'xy', 'x', 'y'];
let vegaFunctions: Set<string> | undefined;

/** True when Vega knows a function by this name (its expression library, event helpers, or registered functions). */
function isVegaFunction(name: string): boolean {
  if (!vegaFunctions) {
    // The code generator carries its function table (untyped in vega's typings).
    const library = (codegenExpression({ globalvar: '_' }) as unknown as { functions: Record<string, unknown> }).functions;
    vegaFunctions = new Set([...Object.keys(library), ...EVENT_FUNCTIONS]);
  }
  // Vega's registry is a plain object: `constructor` and friends "exist" there only by inheritance.
  const registered: unknown = expressionFunction(name);
  return vegaFunctions.has(name) || (typeof registered === 'function' && registered !== (Object.prototype as Record<string, unknown>)[name]);
}

// Operators whose result is a number or boolean, so a computed `a[...]` index built with them cannot spell a property name.
const NUMERIC_OPERATORS = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>', '<', '>', '<=', '>=', '==', '!=', '===', '!==']);

const REGEX_FIX = 'a nested repetition like (a+)+ can take forever to match (ReDoS): write the pattern without a quantifier inside a repeated group';
const GLOBAL_FIX = 'expressions may only use datum fields, params and Vega functions, never the page, the browser or JavaScript internals';
const MEMBER_FIX = 'this property leads to JavaScript internals or the page; if it is a data field, rename the column';

interface Node {
  type: string;
  [key: string]: unknown;
}
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** The name a member or object key spells, when it is written literally. */
function literalName(node: Node, computed: boolean): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  // Vega's parser turns a quoted internal name (`datum["constructor"]`) into an Identifier; a computed
  // Identifier is otherwise a signal whose value names the property, which is not known here.
  if (node.type === 'Identifier' && (!computed || FORBIDDEN_MEMBERS.has(node.name as string))) return node.name as string;
  return undefined;
}

/** True for a computed index that cannot spell a property name: a literal, or arithmetic and comparisons. */
function isSafeIndex(node: Node): boolean {
  if (node.type === 'Literal') return true;
  if (node.type === 'UnaryExpression') return ['-', '+', '~', '!'].includes(node.operator as string);
  if (node.type === 'BinaryExpression') return NUMERIC_OPERATORS.has(node.operator as string);
  return false;
}

/** The first reason to refuse one expression, or undefined when it is safe. */
export function checkExpression(source: string): ExpressionViolation | undefined {
  let ast: Node;
  try {
    ast = parseExpression(source) as unknown as Node;
  } catch (error) {
    return { syntax: true, found: `${quote(source)} (${(error as Error).message.replace(/\.$/, '')})`, fix: 'see https://vega.github.io/vega/docs/expressions/' };
  }
  let violation: ExpressionViolation | undefined;
  const refuse = (found: string, fix: string): void => {
    violation ??= { found: `${quote(found)} in ${quote(source)}`, fix };
  };
  const walk = (node: Node): void => {
    if (violation) return;
    switch (node.type) {
      case 'Identifier':
        if (FORBIDDEN_GLOBALS.has(node.name as string)) refuse(node.name as string, GLOBAL_FIX);
        return;
      case 'MemberExpression': {
        const object = node.object as Node;
        const property = node.property as Node;
        const computed = node.computed === true;
        const name = literalName(property, computed);
        // Inner parts first, so the message names where the chain goes wrong (`event.view`, not `.setTimeout`).
        walk(object);
        if (computed && name === undefined) walk(property);
        if (name !== undefined && FORBIDDEN_MEMBERS.has(name)) refuse(name, MEMBER_FIX);
        else if (name !== undefined && object.type === 'Identifier' && object.name === 'event' && FORBIDDEN_EVENT_MEMBERS.has(name)) {
          refuse(`event.${name}`, 'this leads from the event to the page; use event fields such as event.shiftKey or event.x');
        } else if (computed && name === undefined && !isSafeIndex(property)) {
          refuse('a computed property name', "write the property name as a string, like datum['name']");
        }
        return;
      }
      case 'Literal': {
        const regex = node.regex as { pattern: string } | undefined;
        if (regex && !safeRegex(regex.pattern)) refuse(`/${regex.pattern}/`, REGEX_FIX);
        return;
      }
      case 'CallExpression': {
        const callee = node.callee as Node;
        const args = node.arguments as Node[];
        if (callee.type === 'Identifier' && callee.name === 'regexp') {
          const pattern = args[0];
          if (!(pattern?.type === 'Literal' && typeof pattern.value === 'string')) return refuse('regexp()', 'write the pattern as a literal, like /^a/ or regexp(\'^a\'): a pattern built from data or params could take forever to match');
          if (!safeRegex(pattern.value)) return refuse(`regexp(${JSON.stringify(pattern.value)})`, REGEX_FIX);
        }
        walk(callee);
        args.forEach((arg) => walk(arg));
        const name = callee.type === 'Identifier' ? (callee.name as string) : undefined;
        const group = name !== undefined && Object.hasOwn(GROUP_ARGUMENT, name) ? args[GROUP_ARGUMENT[name]!] : undefined;
        if (name === undefined) refuse('a call of a computed function', 'call Vega functions by name, like upper(datum.name)');
        else if (FORBIDDEN_FUNCTIONS.has(name)) refuse(`${name}()`, `${name}() is a Vega internal that reaches the page; a Vega-Lite chart does not need it`);
        else if (!FORBIDDEN_GLOBALS.has(name) && !isVegaFunction(name)) refuse(`${name}()`, 'not a Vega expression function; see https://vega.github.io/vega/docs/expressions/');
        else if (NAME_TAKING_FUNCTIONS.has(name) && !(args[0]?.type === 'Literal' && typeof args[0].value === 'string')) {
          refuse(`${name}()`, `the first argument of ${name}() names a scale, dataset or selection: write it as a string, like ${name}('x', ...)`);
        } else if (group && !(group.type === 'CallExpression' && (group.callee as Node).type === 'Identifier' && (group.callee as Node).name === 'group')) {
          refuse(`${name}()`, `the last argument of ${name}() may only be group(): any other object can pose as a chart group and run code (GHSA-4vq7-882g-wcg4)`);
        }
        return;
      }
      case 'ObjectExpression':
        for (const property of node.properties as Node[]) {
          const name = literalName(property.key as Node, false);
          if (name !== undefined && FORBIDDEN_MEMBERS.has(name)) refuse(name, 'an object key that shadows a JavaScript internal; rename the key');
          walk(property.value as Node);
        }
        return;
      default:
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach((item) => isNode(item) && walk(item));
          else if (isNode(value)) walk(value);
        }
    }
  };
  walk(ast);
  return violation;
}

/** The expressions inside an event selector's `[...]` filters, or the reason it does not parse. */
function selectorFilters(source: string): { filters: string[]; sources: string[] } | { error: string } {
  let streams: unknown[];
  try {
    streams = parseSelector(source, 'view');
  } catch (error) {
    // vega-event-selector throws plain strings.
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const filters: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'filter') filters.push(...[value].flat().filter((f): f is string => typeof f === 'string'));
      else collect(value);
    }
  };
  collect(streams);
  return { filters, sources: foreignSources(streams) };
}

// A chart listens to its own view only: `window:` or a CSS selector (`#id:keydown`) would read the
// keys and clicks of the page (or the host page) around it.
const EVENT_SOURCES = new Set(['view', 'scope']);
// One exception, the drag Vega-Lite writes itself for intervals, pan and zoom: pointer moves over the
// window between a press on the chart and the release, so the drag goes on when the pointer leaves the
// chart. It hears pointer positions during that drag only, never a key or a click elsewhere.
const DRAG = { start: new Set(['pointerdown', 'mousedown', 'touchstart']), move: new Set(['pointermove', 'mousemove', 'touchmove']), end: new Set(['pointerup', 'mouseup', 'touchend']) };

type Stream = { source?: unknown; type?: unknown; between?: unknown };
const isOwn = (s: Stream) => s.source === undefined || EVENT_SOURCES.has(String(s.source));
const isObject = (v: unknown): v is Stream => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[pointerdown, window:pointerup] > window:pointermove`: a drag that starts on the chart. */
function isDragFromChart(stream: Stream): boolean {
  if (!Array.isArray(stream.between) || stream.between.length !== 2) return false;
  const [start, end] = stream.between as unknown[];
  if (!isObject(start) || !isObject(end) || start.between !== undefined || end.between !== undefined) return false;
  const fromWindowOrChart = (s: Stream) => isOwn(s) || s.source === 'window';
  return isOwn(start) && DRAG.start.has(String(start.type)) && DRAG.move.has(String(stream.type)) && DRAG.end.has(String(end.type)) && fromWindowOrChart(stream) && fromWindowOrChart(end);
}

/** Event sources other than the chart's own, in a parsed selector or an event stream object (nested streams included). */
function foreignSources(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(foreignSources);
  if (!isObject(node)) return [];
  if (isDragFromChart(node)) return [];
  const own = typeof node.source === 'string' && !EVENT_SOURCES.has(node.source) ? [node.source] : [];
  return [...own, ...Object.entries(node).flatMap(([key, value]) => (key === 'source' ? [] : foreignSources(value)))];
}
const SOURCE_FIX = 'a chart may only listen to events on itself; drop the "window:" or CSS-selector prefix';

// `format.parse` values Vega-Lite understands; a date pattern is pasted between single quotes into an expression.
const PARSE_TYPES = new Set(['number', 'boolean', 'date', 'string', 'flatten']);
const DATE_PARSE = /^(date|utc):('[^'"\\\n]*'|"[^'"\\\n]*"|[^'"\\\n]*)$/;
// Built-in format types; any other name is pasted into an expression as a function call.
const FORMAT_TYPES = new Set(['number', 'time', 'utc']);
// A param name becomes a Vega signal name and is pasted into expressions.
const PARAM_NAME = /^[A-Za-z_$][\w$]*$/;
// Field names that would replace a datum's prototype or constructor.
const RESERVED_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/** Strings Vega-Lite pastes into the expressions it writes: they must not be able to close a quote or call a function. */
function findBadStrings(spec: unknown): BadString[] {
  const bad: BadString[] = [];
  walkSpec(spec, (key, value, here, parentKey) => {
    if (key === 'parse' && parentKey === 'format' && typeof value === 'object' && value !== null) {
      for (const [field, type] of Object.entries(value)) {
        if (type === null || (typeof type === 'string' && (PARSE_TYPES.has(type) || DATE_PARSE.test(type)))) continue;
        bad.push({ path: [...here, field], expected: `a parse type (${[...PARSE_TYPES].join(', ')}, or "date:'<pattern>'")`, found: quote(String(type)), fix: 'a date pattern may not contain quotes or backslashes' });
      }
      return true;
    }
    if (key === 'formatType' && typeof value === 'string' && !FORMAT_TYPES.has(value)) {
      bad.push({ path: here, expected: 'a formatType of "number", "time" or "utc"', found: quote(value), fix: 'custom format types run code; use a format string with number or time' });
      return true;
    }
    if (parentKey === 'params' && key === 'name' && typeof value === 'string' && (!PARAM_NAME.test(value) || FORBIDDEN_GLOBALS.has(value))) {
      bad.push({ path: here, expected: 'a param name of letters, digits and "_", not starting with a digit', found: quote(value), fix: 'rename the param (and the places that use it)' });
      return true;
    }
    if ((key === 'events' || (parentKey === 'select' && SELECT_EVENT_KEYS.has(key))) && typeof value === 'object' && value !== null) {
      for (const source of foreignSources(value)) {
        bad.push({ path: here, expected: 'events from the chart itself (view)', found: quote(source), fix: SOURCE_FIX });
      }
      return false;
    }
    if (key === 'bind' && typeof value === 'object' && value !== null && 'element' in value) {
      bad.push({ path: [...here, 'element'], expected: 'a bound input placed by the chart itself (no "element")', found: quote(String((value as { element: unknown }).element)), fix: 'remove "element": an input placed elsewhere in the page could pose as the page\'s own form' });
      return false;
    }
    if ((key === 'field' || key === 'as') && [value].flat().some((name) => typeof name === 'string' && RESERVED_FIELDS.has(name))) {
      bad.push({ path: here, expected: 'a field name other than __proto__, constructor or prototype', found: quote(String([value].flat().find((n) => RESERVED_FIELDS.has(String(n))))), fix: 'rename the field' });
      return true;
    }
    return false;
  });
  return bad;
}

/** Every problem with the code in a chart spec as written, at the line and column of the key that holds it. */
export function checkChartExpressions(spec: unknown, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path) => ({ file, ...positionOfPath(text, path), field: path.join('.') });
  for (const code of findCode(spec)) {
    const expressions = code.kind === 'expression' ? [code.source] : [];
    if (code.kind === 'selector') {
      const parsed = selectorFilters(code.source);
      if ('error' in parsed) {
        problems.push({ ...at(code.path), expected: 'a valid event selector', found: `${quote(code.source)} (${parsed.error.replace(/\.$/, '')})`, fix: 'see https://vega.github.io/vega/docs/event-streams/' });
        continue;
      }
      expressions.push(...parsed.filters);
      for (const source of parsed.sources) {
        problems.push({ ...at(code.path), expected: 'events from the chart itself (view)', found: `${quote(source)} in ${quote(code.source)}`, fix: SOURCE_FIX });
      }
    }
    for (const source of expressions) {
      const violation = checkExpression(source);
      if (!violation) continue;
      problems.push({
        ...at(code.path),
        expected: violation.syntax ? 'a valid Vega expression' : 'an expression that uses only data fields, params and Vega functions',
        found: violation.found,
        fix: violation.fix,
      });
    }
  }
  for (const bad of findBadStrings(spec)) problems.push({ ...at(bad.path), expected: bad.expected, found: bad.found, fix: bad.fix });
  return problems;
}

/**
 * The same check on the Vega spec Vega-Lite compiled: an expression Vega-Lite
 * wrote from something the spec check did not foresee is still refused. It
 * has no line: the compiled spec is not a file the author wrote.
 */
export function checkCompiledExpressions(vegaSpec: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  for (const code of findCode(vegaSpec)) {
    const parsed = code.kind === 'selector' ? selectorFilters(code.source) : { filters: [code.source], sources: [] };
    const sources = 'error' in parsed ? [] : parsed.filters;
    for (const source of sources) {
      const violation = checkExpression(source);
      if (!violation || violation.syntax) continue; // Vega itself reports what does not parse.
      problems.push({
        file,
        expected: 'a chart whose compiled expressions use only data fields, params and Vega functions',
        found: violation.found,
        fix: 'Vega-Lite wrote this from the spec: check format.parse, formatType, field and param names',
      });
    }
  }
  return problems;
}
