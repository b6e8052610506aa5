import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { chartDownloads } from '../../src/pipeline/chart-downloads.ts';
import { inlineDatasets, MAX_INLINE_ROWS } from '../../src/pipeline/inline-datasets.ts';
import { loadChartSpec } from '../../src/pipeline/load-chart-spec.ts';
import { writeCsv } from '../../src/output/write-csv.ts';

const FILE = 'content/charts/c.vl.json';
const BASE = { title: 'T', description: 'D', usermeta: { caption: 'C', source: { label: 'Lab notebook', url: 'https://example.org/nb' } }, mark: 'point' };

/** The spec written with 2-space indent (as the Vega editor saves it), checked. */
function check(parts: Record<string, unknown>) {
  const text = JSON.stringify({ ...BASE, ...parts }, null, 2);
  return { text, result: inlineDatasets(JSON.parse(text), FILE, text) };
}
const messages = (parts: Record<string, unknown>) => {
  const { result } = check(parts);
  return result.ok ? [] : result.problems.map(formatProblem);
};
const columns = (parts: Record<string, unknown>) => {
  const { result } = check(parts);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.datasets.map((d) => Object.fromEntries(d.columns.map((c) => [c.name, `${c.info.type}${c.info.optional ? '?' : ''}`])));
};

describe('inline rows get a schema', () => {
  it('inferred from the cells: number, text, true/false, ISO dates; missing or null cells make a column optional', () => {
    expect(columns({ data: { values: [{ a: 1, b: 'x', c: true, d: '2024-01-31', e: '2024-01-31T10:00:00Z' }, { a: 2.5, b: null, c: false, d: '2024-02-01' }] } })).toEqual([
      { a: 'number', b: 'text?', c: 'boolean', d: 'date', e: 'date?' },
    ]);
  });

  it('Altair\'s named datasets and nested JSON (format.property) too; plain values are rows { data }', () => {
    expect(columns({ data: { name: 'data-1' }, datasets: { 'data-1': [{ x: 1 }], unused: [{ y: 'a' }] } })).toEqual([{ x: 'number' }, { y: 'text' }]);
    expect(columns({ data: { values: { hits: { hits: [{ 'source.reco': 2 }] } }, format: { property: 'hits.hits' } } })).toEqual([{ 'source.reco': 'number' }]);
    expect(columns({ data: { values: [1, 2, 3] } })).toEqual([{ data: 'number' }]);
  });

  it('nested arrays and objects in a cell, as Vega-Lite\'s flatten and "a.b" fields read them: a "json" column, its JSON text in the download', () => {
    expect(columns({ data: { values: [{ k: 'x', list: [1, 2], info: { n: 1 } }, { k: 'y', list: [], info: { n: 2 } }] } })).toEqual([{ k: 'text', list: 'json', info: 'json' }]);
    const { result } = check({ data: { values: [{ k: 'x', list: [1, '=cmd'] }] } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(writeCsv(['k', 'list'], result.datasets[0]!.rows)).toBe('k,list\r\nx,"[1,""=cmd""]"\r\n');
  });

  it('rows written as CSV text are read as Vega reads them (cells are text); format.parse declares a column\'s type', () => {
    expect(columns({ data: { values: 'a,b\n1,x\n2,y', format: { type: 'csv', parse: { a: 'number' } } } })).toEqual([{ a: 'number', b: 'text' }]);
    expect(messages({ data: { values: 'a,b\n1,x\n15%,y', format: { type: 'csv', parse: { a: 'number' } } } })).toEqual([
      'content/charts/c.vl.json:13:5 data.values (row 2).a: expected a number ("format": {"parse": {"a": "number"}}), got "15%" (write the number without the % sign)',
    ]);
    expect(messages({ data: { values: '<svg/>', format: { type: 'topojson' } } })[0]).toMatch(/data\.values: expected rows of a table written in the spec, got a map/);
  });

  it('a source_url column is an http(s) address, as in a file', () => {
    expect(columns({ data: { values: [{ v: 1, source_url: 'https://example.org/a' }] } })).toEqual([{ v: 'number', source_url: 'url' }]);
    expect(messages({ data: { values: [{ v: 1, source_url: 'javascript:alert(1)' }] } })).toEqual([
      'content/charts/c.vl.json:16:9 data.values.0.source_url: expected an http(s) URL, got "javascript:alert(1)" (only http and https sources can be linked)',
    ]);
    // Whatever the spec declares the column to be: "Show data" links it.
    expect(messages({ data: { values: [{ source_url: 'javascript:alert(1)' }], format: { parse: { source_url: 'date' } } } })).toHaveLength(1);
  });
});

describe('inline rows that are not a table are refused at their line', () => {
  it('a column mixing plain values with nested arrays or objects, with the row and column', () => {
    expect(messages({ data: { values: [{ a: 1 }, { a: { b: 2 } }, { a: [1] }] } })).toEqual([
      'content/charts/c.vl.json:18:9 data.values.1.a: expected a number, like the column\'s value in row 1, got "{\\"b\\":2}" (write every value of "a" as a number (null where it is missing), or declare the column\'s type with "format": {"parse": {"a": ...}})',
      'content/charts/c.vl.json:23:9 data.values.2.a: expected a number, like the column\'s value in row 1, got "[1]" (write every value of "a" as a number (null where it is missing), or declare the column\'s type with "format": {"parse": {"a": ...}})',
    ]);
  });

  it('a "__proto__" key inside a nested value, at its own line', () => {
    const text = JSON.stringify({ ...BASE, data: { values: [{ a: { ok: 1, inner: [{ b: 1 }] } }] } }, null, 2).replace('"b": 1', '"__proto__": 1');
    const result = inlineDatasets(JSON.parse(text), FILE, text);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['content/charts/c.vl.json:19:15 data.values.0.a.inner.0.__proto__: expected a key other than "__proto__" in a nested value, got a reserved name (rename the key)']);
  });

  it('a column mixing numbers and text, unless format.parse says what it is', () => {
    expect(messages({ datasets: { d: [{ rate: 15 }, { rate: '15%' }] }, data: { name: 'd' } })).toEqual([
      'content/charts/c.vl.json:18:9 datasets.d.1.rate: expected a number, like the column\'s value in row 1, got "15%" (write every value of "rate" as a number (null where it is missing), or declare the column\'s type with "format": {"parse": {"rate": ...}})',
    ]);
    expect(messages({ data: { values: [{ rate: 15 }, { rate: '16' }], format: { parse: { rate: 'number' } } } })).toEqual([]);
  });

  it('a "__proto__" column (it would change the row object\'s prototype)', () => {
    const text = JSON.stringify({ ...BASE, data: { values: [{ a: 1 }] } }, null, 2).replace('"a": 1', '"__proto__": 1');
    const result = inlineDatasets(JSON.parse(text), FILE, text);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['content/charts/c.vl.json:15:9 data.values.0.__proto__: expected a column name other than "__proto__", got a reserved name (rename the column)']);
  });

  it(`more than ${MAX_INLINE_ROWS.toLocaleString('en-US')} rows in one spec, over all its datasets`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
    expect(messages({ data: { name: 'a' }, datasets: { a: rows(3000), b: rows(2001) } })).toEqual([
      'content/charts/c.vl.json:16:5 datasets.a: expected at most 5,000 rows written in one spec, got 5,001 rows in 2 inline datasets (put the rows in data/<name>.csv with a schema data/<name>.schema.ts, and read them with "data": {"url": "data/<name>.csv"})',
    ]);
  });
});

describe('inline rows are downloads of their own, with their provenance', () => {
  it('one table per inline source, named after it, described with the chart\'s source; generators have none', () => {
    const spec = { ...BASE, datasets: { 'data-1': [{ x: 1, label: '=cmd' }] }, layer: [{ data: { name: 'data-1' }, mark: 'point' }, { data: { values: [{ y: 2 }] }, mark: 'rule' }, { data: { sequence: { start: 0, stop: 3 } }, mark: 'line' }] };
    const text = JSON.stringify(spec, null, 2);
    const loaded = loadChartSpec(text, FILE, 'c', []);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const inline = inlineDatasets(loaded.chart.spec, FILE, text);
    if (!inline.ok) throw new Error('refused');
    const downloads = chartDownloads(loaded.chart, new Map(), inline.datasets);
    expect(downloads.map((d) => [d.name, d.columns, d.rows, d.inline?.description])).toEqual([
      ['data-1', ['x', 'label'], [{ x: 1, label: '=cmd' }], 'Rows written in the chart\'s spec ("datasets" → "data-1"); source: Lab notebook.'],
      ['values', ['y'], [{ y: 2 }], 'Rows written in the chart\'s spec (layer.1.data.values); source: Lab notebook.'],
    ]);
  });

  it('a chart with inline rows and no source says the source is that of its rows', () => {
    const text = JSON.stringify({ title: 'T', description: 'D', usermeta: { caption: 'C' }, data: { values: [{ a: 1 }] }, mark: 'point' }, null, 2);
    const loaded = loadChartSpec(text, FILE, 'c', []);
    expect(loaded.ok ? [] : loaded.problems.map(formatProblem)).toEqual([
      'content/charts/c.vl.json:4:3 usermeta.source: expected usermeta.source: { "label": ..., "url": "https://..." }: where the rows written in this spec come from, got nothing',
    ]);
  });
});
