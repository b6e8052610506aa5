import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkChartExpressions, checkCompiledExpressions, checkExpression, findCode } from '../../src/pipeline/check-chart-expressions.ts';
import { compileChart } from '../../src/pipeline/compile-chart.ts';

const FILE = 'content/charts/scores.vl.json';
const values = [{ name: 'a', score: 1, size: 2, day: '2024-01-01' }];

/** The problems for a spec, written with JSON.stringify's 2-space indent so positions are predictable. */
function messages(spec: Record<string, unknown>): string[] {
  return checkChartExpressions(spec, FILE, JSON.stringify(spec, null, 2)).map(formatProblem);
}

describe('findCode: every string Vega runs', () => {
  it('finds calculate, filter, test, expr, *Expr, params, selectors and predicates', () => {
    const spec = {
      params: [{ name: 'cut', expr: 'width / 2' }, { name: 'pick', select: { type: 'point', on: 'click[event.shiftKey]', clear: 'dblclick' } }],
      transform: [{ calculate: 'datum.score * 2', as: 'double' }, { filter: 'datum.score > 0' }, { filter: { and: ['datum.a', { not: 'datum.b' }, { field: 'x', equal: 1 }] } }],
      mark: { type: 'bar', opacity: { expr: 'cut / 100' } },
      encoding: { x: { field: 'name', axis: { labelExpr: 'upper(datum.label)' } }, color: { condition: { test: 'datum.score > 1', value: 'red' }, value: 'grey' } },
      usermeta: { caption: 'datum.never', expr: 'not code: metadata' },
      data: { values: [{ expr: 'not code: a row' }] },
      datasets: { 'data-1': [{ filter: 'not code: a row of a named dataset', calculate: 'constructor' }] },
    };
    expect(findCode(spec).map((c) => `${c.kind} ${c.path.join('.')}: ${c.source}`)).toEqual([
      'expression params.0.expr: width / 2',
      'selector params.1.select.on: click[event.shiftKey]',
      'selector params.1.select.clear: dblclick',
      'expression transform.0.calculate: datum.score * 2',
      'expression transform.1.filter: datum.score > 0',
      'expression transform.2.filter.and.0: datum.a',
      'expression transform.2.filter.and.1.not: datum.b',
      'expression mark.opacity.expr: cut / 100',
      'expression encoding.x.axis.labelExpr: upper(datum.label)',
      'expression encoding.color.condition.test: datum.score > 1',
    ]);
  });

  it('finds signal, update, init and event streams in a compiled Vega spec', () => {
    const vega = { signals: [{ name: 's', init: '1', on: [{ events: 'click[event.altKey]', update: 's + 1' }, { events: { type: 'click', filter: ['event.metaKey'] }, update: 's' }] }], marks: [{ encode: { update: { x: { signal: 'width' } } } }] };
    expect(findCode(vega).map((c) => `${c.kind} ${c.source}`)).toEqual([
      'expression 1',
      'selector click[event.altKey]',
      'expression s + 1',
      'expression event.metaKey',
      'expression s',
      'expression width',
    ]);
  });
});

describe('checkExpression', () => {
  it.each([
    'datum.score * 2',
    "upper(datum.name) + '!'",
    "datum['a b'] > 1 ? 'yes' : 'no'",
    "scale('x', datum.score)",
    "scale('x', datum.score, group())",
    "invert('x', 10)",
    "peek(data('table'))",
    'isValid(datum.score) && datum.score > cut',
    'event.shiftKey || event.x > 10',
    "format(datum.score, '.1f') + timeFormat(datum.day, '%Y')",
    'datum.values[length(datum.values) - 1]',
    'toString(datum.score)',
    'parent.name',
    '[1, 2, 3][0]',
    "{a: 1, 'b c': datum.score}",
  ])('accepts %s', (source) => {
    expect(checkExpression(source)).toBeUndefined();
  });

  it.each([
    // GHSA-4vq7-882g-wcg4: scale() called with an attacker-built group.
    ["scale('func', null, {context: {scales: {func: {value: peek}}}})", 'scale()'],
    // vega#3984: event.view is the browser window.
    ["scale(event.view.setTimeout, 'alert(1)')", 'event.view'],
    ["datum.constructor.constructor('alert(1)')()", 'constructor'],
    ["datum['__proto__'].polluted", '__proto__'],
    ['datum.prototype', 'prototype'],
    ["datum['con' + 'structor']", 'a computed property name'],
    ['datum[name]', 'a computed property name'],
    ['window.alert(1)', 'window'],
    ['document.cookie', 'document'],
    ["eval('1')", 'eval'],
    ["Function('return 1')", 'Function'],
    ["setTimeout('alert(1)', 1)", 'setTimeout'],
    ["setInterval('alert(1)', 1)", 'setInterval'],
    ["fetch('https://example.com/')", 'fetch'],
    ['globalThis.x', 'globalThis'],
    ['VEGA_DEBUG.view', 'VEGA_DEBUG'],
    ['event.target.ownerDocument', 'event.target'],
    ['item().mark.group.context.dataflow._el.ownerDocument.defaultView', 'ownerDocument'],
    ['group().context.defaultView', 'defaultView'],
    ['datum.score.toString', 'toString'],
    ['{toString: peek}', 'toString'],
    ["{'__proto__': 1}", '__proto__'],
    ['lassoAppend(brush, 1, 2)', 'lassoAppend()'],
    ['view()', 'view()'],
    ['scale(name, 1)', 'scale()'],
    ["domain('x', {context: 1})", 'domain()'],
    ['nosuchfunction(1)', 'nosuchfunction()'],
  ])('refuses %s, naming %s', (source, name) => {
    expect(checkExpression(source)?.found).toBe(`${JSON.stringify(name)} in ${JSON.stringify(source.length > 60 ? `${source.slice(0, 60)}…` : source)}`);
  });

  it.each(['datum.score +', 'this.x', 'new Date()', 'x => x', "import('x')", 'a = 1', '`t`'])('calls %s a syntax error', (source) => {
    expect(checkExpression(source)).toMatchObject({ syntax: true, fix: 'see https://vega.github.io/vega/docs/expressions/' });
  });
});

describe('checkChartExpressions: problems at the key that holds the expression', () => {
  it('a forbidden member in a calculate', () => {
    expect(messages({ mark: 'bar', transform: [{ calculate: "datum.constructor.constructor('alert(1)')()", as: 'x' }] })).toEqual([
      'content/charts/scores.vl.json:5:7 transform.0.calculate: expected an expression that uses only data fields, params and Vega functions, got "constructor" in "datum.constructor.constructor(\'alert(1)\')()" (this property leads to JavaScript internals or the page; if it is a data field, rename the column)',
    ]);
  });

  it('event.view inside an event selector filter (vega#3984)', () => {
    expect(messages({ params: [{ name: 'pick', select: { type: 'point', on: "click[scale(event.view.setTimeout, 'alert(1)')]" } }], mark: 'bar' })).toEqual([
      'content/charts/scores.vl.json:7:9 params.0.select.on: expected an expression that uses only data fields, params and Vega functions, got "event.view" in "scale(event.view.setTimeout, \'alert(1)\')" (this leads from the event to the page; use event fields such as event.shiftKey or event.x)',
    ]);
  });

  it('an expression that does not parse', () => {
    expect(messages({ mark: 'bar', transform: [{ filter: 'datum.score >' }] })).toEqual([
      'content/charts/scores.vl.json:5:7 transform.0.filter: expected a valid Vega expression, got "datum.score >" (Unexpected end of input) (see https://vega.github.io/vega/docs/expressions/)',
    ]);
  });

  it('an event selector that does not parse', () => {
    expect(messages({ params: [{ name: 'p', select: { type: 'point', on: 'click[' } }], mark: 'bar' })).toEqual([
      'content/charts/scores.vl.json:7:9 params.0.select.on: expected a valid event selector, got "click[" (Unmatched left bracket: click[) (see https://vega.github.io/vega/docs/event-streams/)',
    ]);
  });

  it('checks predicates inside and/or/not and conditions', () => {
    const spec = { mark: 'bar', encoding: { color: { condition: { test: { or: ['datum.a', { not: 'window.x' }] }, value: 'red' }, value: 'grey' } } };
    expect(messages(spec)).toEqual([
      'content/charts/scores.vl.json:10:15 encoding.color.condition.test.or.1.not: expected an expression that uses only data fields, params and Vega functions, got "window" in "window.x" (expressions may only use datum fields, params and Vega functions, never the page, the browser or JavaScript internals)',
    ]);
  });

  it('an expr in a mark description (an aria property that takes expressions too)', () => {
    expect(messages({ mark: { type: 'bar', description: { expr: 'document.title' } } })[0]).toContain('mark.description.expr: expected an expression that uses only data fields, params and Vega functions, got "document" in "document.title"');
  });

  it('reports every bad expression of a spec', () => {
    expect(messages({ mark: 'bar', transform: [{ calculate: 'eval(1)', as: 'a' }, { filter: 'fetch(1)' }] })).toHaveLength(2);
  });
});

describe('strings Vega-Lite pastes into expressions', () => {
  it('a format.parse date pattern that closes its quote', () => {
    const spec = { data: { values, format: { parse: { day: "date:'%Y'),setTimeout('alert(1)'),('" } } }, mark: 'bar' };
    expect(messages(spec)).toEqual([
      `content/charts/scores.vl.json:13:9 data.format.parse.day: expected a parse type (number, boolean, date, string, flatten, or "date:'<pattern>'"), got "date:'%Y'),setTimeout('alert(1)'),('" (a date pattern may not contain quotes or backslashes)`,
    ]);
  });

  it('accepts the parse types Vega-Lite documents', () => {
    const spec = { data: { values, format: { parse: { a: 'number', b: 'boolean', c: 'date', d: "date:'%Y-%m-%d'", e: 'utc:"%Y"', f: null, g: 'string' } } }, mark: 'bar' };
    expect(messages(spec)).toEqual([]);
  });

  it('a custom formatType', () => {
    expect(messages({ mark: 'text', encoding: { text: { field: 'name', formatType: 'setTimeout' } } })).toEqual([
      'content/charts/scores.vl.json:6:7 encoding.text.formatType: expected a formatType of "number", "time" or "utc", got "setTimeout" (custom format types run code; use a format string with number or time)',
    ]);
  });

  it('a param name that is not an identifier', () => {
    expect(messages({ params: [{ name: 'p) || window.x || (p', value: 1 }], mark: 'bar' })).toEqual([
      'content/charts/scores.vl.json:4:7 params.0.name: expected a param name of letters, digits and "_", not starting with a digit, got "p) || window.x || (p" (rename the param (and the places that use it))',
    ]);
  });

  it('a field or output named __proto__', () => {
    expect(messages({ mark: 'bar', transform: [{ calculate: '1', as: '__proto__' }], encoding: { x: { field: 'constructor' } } })).toEqual([
      'content/charts/scores.vl.json:6:7 transform.0.as: expected a field name other than __proto__, constructor or prototype, got "__proto__" (rename the field)',
      'content/charts/scores.vl.json:11:7 encoding.x.field: expected a field name other than __proto__, constructor or prototype, got "constructor" (rename the field)',
    ]);
  });
});

describe('the compiled Vega spec', () => {
  const interactive: Record<string, Record<string, unknown>> = {
    'an interval brush with a condition': {
      params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
      mark: 'point',
      encoding: { x: { field: 'score', type: 'quantitative' }, y: { field: 'size', type: 'quantitative' }, color: { condition: { param: 'brush', field: 'name', type: 'nominal' }, value: 'grey' } },
    },
    'pan and zoom bound to the scales': { params: [{ name: 'grid', select: 'interval', bind: 'scales' }], mark: 'point', encoding: { x: { field: 'score', type: 'quantitative' }, y: { field: 'size', type: 'quantitative' } } },
    'a legend-bound point selection with a shift-click filter': {
      params: [{ name: 'pick', select: { type: 'point', fields: ['name'], on: 'click[event.shiftKey]' }, bind: 'legend' }],
      mark: 'bar',
      encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'score', type: 'quantitative' }, color: { field: 'name', type: 'nominal' }, opacity: { condition: { param: 'pick', value: 1 }, value: 0.2 } },
    },
    'a slider param, a filter and a labelExpr': {
      params: [{ name: 'cut', value: 2, bind: { input: 'range', min: 0, max: 5 } }],
      transform: [{ filter: 'datum.score < cut' }, { calculate: 'datum.score * 2', as: 'double' }],
      mark: 'bar',
      encoding: { x: { field: 'name', type: 'nominal', axis: { labelExpr: 'upper(datum.label)' } }, y: { field: 'double', type: 'quantitative' } },
    },
    'a faceted chart with a temporal tooltip': {
      mark: 'bar',
      encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'score', type: 'quantitative', format: '.1f' }, column: { field: 'name' }, tooltip: [{ field: 'day', type: 'temporal', format: '%b %Y' }] },
    },
  };
  it.each(Object.entries(interactive))('accepts what Vega-Lite writes for %s', (_name, spec) => {
    const compiled = compileChart({ data: { values }, ...spec }, FILE);
    if (!compiled.ok) throw new Error(compiled.problems.map(formatProblem).join('\n'));
    expect(findCode(compiled.vegaSpec).length).toBeGreaterThan(0);
    expect(checkCompiledExpressions(compiled.vegaSpec, FILE)).toEqual([]);
  });

  it('refuses an expression Vega-Lite wrote from something the spec check missed, naming the file', () => {
    const vega = { signals: [{ name: 'x', update: "scale(event.view.setTimeout, 'alert(1)')" }] };
    expect(checkCompiledExpressions(vega, FILE).map(formatProblem)).toEqual([
      'content/charts/scores.vl.json expected a chart whose compiled expressions use only data fields, params and Vega functions, got "event.view" in "scale(event.view.setTimeout, \'alert(1)\')" (Vega-Lite wrote this from the spec: check format.parse, formatType, field and param names)',
    ]);
  });
});

describe('issue 13: what got through', () => {
  it('checks axis and legend values, which are code when they are {expr}', () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'name', axis: { values: { expr: "[length('x'.constructor.name)]" } } }, color: { field: 'name', legend: { values: { expr: '[1]' } } } } };
    expect(findCode(spec).map((c) => c.path.join('.'))).toEqual(['encoding.x.axis.values.expr', 'encoding.color.legend.values.expr']);
    expect(messages(spec)).toHaveLength(1);
  });

  it.each([
    ['test(/^(a+)+$/, datum.name)', '"/^(a+)+$/"'],
    ["replace(datum.name, /(x*)*y/, '')", '"/(x*)*y/"'],
    ["test(regexp('(a|b+)+'), datum.name)", '"regexp(\\"(a|b+)+\\")"'],
    ['test(regexp(datum.pattern), datum.name)', '"regexp()"'],
  ])('refuses a regex that can take forever, or one built from data: %s', (source, found) => {
    expect(checkExpression(source)?.found.startsWith(found)).toBe(true);
  });

  it('accepts plain regexes', () => {
    for (const source of ['test(/^[a-z]+-\\d+$/, datum.name)', "test(regexp('^a', 'i'), datum.name)", "replace(datum.name, /_/g, ' ')"]) expect(checkExpression(source)).toBeUndefined();
  });

  it("refuses a ReDoS regex in a mouseover filter, where it would freeze the reader's tab", () => {
    const spec = { params: [{ name: 'hover', select: { type: 'point', on: 'mouseover[test(/^(a+)+$/, datum.name)]' } }], mark: 'bar' };
    expect(messages(spec)[0]).toContain('got "/^(a+)+$/"');
  });

  it("refuses window: and CSS-selector event sources, also written as objects, but not Vega-Lite's own", () => {
    const spec = { params: [{ name: 'a', select: { type: 'point', on: 'window:keydown' } }, { name: 'b', select: { type: 'point', on: { source: '.skip-link', type: 'click' } } }, { name: 'c', select: { type: 'interval' } }], mark: 'bar' };
    expect(messages(spec).map((m) => m.split(' ')[1])).toEqual(['params.0.select.on:', 'params.1.select.on:']);
    // An interval selection compiles to window:pointermove streams; the compiled check allows what Vega-Lite writes.
    const compiled = compileChart({ data: { values }, mark: 'point', params: [{ name: 'c', select: { type: 'interval' } }], encoding: { x: { field: 'score', type: 'quantitative' }, y: { field: 'size', type: 'quantitative' } } }, FILE);
    expect(compiled.ok && checkCompiledExpressions(compiled.vegaSpec, FILE)).toEqual([]);
  });

  it('allows a drag written as Vega-Lite writes it (window moves between a press on the chart and the release), and nothing else from the window', () => {
    const drag = '[pointerdown[event.shiftKey], window:pointerup] > window:pointermove!';
    expect(messages({ params: [{ name: 'grid', select: { type: 'interval', translate: drag, zoom: 'wheel![event.shiftKey]' }, bind: 'scales' }], mark: 'point' })).toEqual([]);
    expect(messages({ params: [{ name: 'p', select: { type: 'point', on: { source: 'window', type: 'pointermove', between: [{ type: 'pointerdown' }, { source: 'window', type: 'pointerup' }] } } }], mark: 'bar' })).toEqual([]);
    // Keys, a press on the window, or moves outside a drag that starts on the chart are the page's, not the chart's.
    for (const on of ['[window:pointerdown, window:pointerup] > window:pointermove', '[pointerdown, window:pointerup] > window:keydown', 'window:pointermove', '[pointerdown, window:keyup] > window:pointermove', '[pointerdown, #search:pointerup] > window:pointermove']) {
      expect(messages({ params: [{ name: 'p', select: { type: 'point', on } }], mark: 'bar' }).join('\n'), on).toContain('expected events from the chart itself (view)');
    }
  });

  it('refuses bind.element', () => {
    expect(messages({ params: [{ name: 'p', value: 1, bind: { input: 'range', element: '#nav' } }], mark: 'bar' })[0]).toContain('params.0.bind.element: expected a bound input placed by the chart itself');
  });
});
