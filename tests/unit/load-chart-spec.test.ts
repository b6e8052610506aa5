import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { loadChartSpec, type LoadChartResult, type LoadedChart } from '../../src/pipeline/load-chart-spec.ts';

const FILE = 'content/charts/scores.vl.json';
const DATASETS = ['scores', 'models'];

/** A valid chart, written by hand so the line and column of each key are known. `data` is on line 8. */
function specText(data = '{ "url": "data/scores.csv" }', extra = ''): string {
  return `{
  "title": "Scores by model",
  "description": "Bar chart of the score of each model.",
  "usermeta": {
    "caption": "Higher is better.",
    "source": { "label": "Example paper", "url": "https://example.com/paper" }
  },
  "data": ${data},
  "mark": "bar",
  "encoding": {
    "x": { "field": "name", "type": "nominal" },
    "y": { "field": "rate", "type": "quantitative" }
  }${extra}
}`;
}
/** The valid chart, changed, re-indented by JSON.stringify: "usermeta" on line 4, "source" on 5, its "url" on 8. */
function edit(change: (spec: Record<string, any>) => void): string {
  const spec = JSON.parse(specText()) as Record<string, any>;
  change(spec);
  return JSON.stringify(spec, null, 2);
}

const load = (text: string): LoadChartResult => loadChartSpec(text, FILE, 'scores', DATASETS);
function chart(result: LoadChartResult): LoadedChart {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.chart;
}
function messages(result: LoadChartResult): string[] {
  if (result.ok) throw new Error('expected problems, got a chart');
  return result.problems.map(formatProblem);
}

describe('a valid spec', () => {
  it('gives its metadata and keeps the spec as written', () => {
    const text = specText();
    const loaded = chart(load(text));
    expect(loaded.meta).toEqual({
      id: 'scores',
      file: FILE,
      title: 'Scores by model',
      description: 'Bar chart of the score of each model.',
      caption: 'Higher is better.',
      source: { label: 'Example paper', url: 'https://example.com/paper' },
      datasets: ['scores'],
    });
    expect(loaded.spec).toEqual(JSON.parse(text));
    expect(loaded.text).toBe(text);
  });

  it('joins a title given as lines', () => {
    expect(chart(load(edit((s) => (s.title = { text: ['Scores', 'by model'], subtitle: 'x' })))).meta.title).toBe('Scores by model');
  });

  it('lists every dataset read, once, including layers and lookups', () => {
    const text = edit((s) => {
      s.layer = [{ data: { url: 'data/scores.csv' }, mark: 'bar' }];
      s.transform = [{ lookup: 'name', from: { data: { url: 'data/models.csv' }, key: 'name', fields: ['size'] } }];
    });
    expect(chart(load(text)).meta.datasets).toEqual(['scores', 'models']);
  });
});

describe('data.url may only name a dataset in data/', () => {
  const FIX = '(charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs)';
  it.each(['../secret.csv', 'data/../secret.csv', '/etc/passwd', 'file:///etc/passwd', 'https://example.com/x.csv', 'http://127.0.0.1:9/x.csv', 'data/scores.csv?x=1', 'data/Scores.csv', 'data/scores.json'])(
    '%j is rejected at its line and column',
    (url) => {
      expect(messages(load(specText(`{ "url": ${JSON.stringify(url)} }`)))).toEqual([
        `content/charts/scores.vl.json:8:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got ${JSON.stringify(url)} ${FIX}`,
      ]);
    },
  );

  it('an unknown dataset name lists the datasets that exist', () => {
    expect(messages(load(specText('{ "url": "data/scorez.csv" }')))).toEqual([
      'content/charts/scores.vl.json:8:13 data.url: expected one of the datasets in data/ (scores, models), got "data/scorez.csv" (add data/scorez.csv with its schema data/scorez.schema.ts, or fix the name)',
    ]);
  });

  it('also checks data inside layers and lookups', () => {
    const text = edit((s) => {
      s.layer = [{ data: { url: 'https://example.com/x.csv' }, mark: 'bar' }];
    });
    const [message, ...rest] = messages(load(text));
    expect(rest).toEqual([]);
    expect(message).toMatch(/^content\/charts\/scores\.vl\.json:\d+:\d+ layer\.0\.data\.url: expected a dataset in data\/.*, got "https:\/\/example\.com\/x\.csv"/);
  });

  it('data written in the spec, generated, named or only in layers is accepted (Vega-Lite\'s data sources)', () => {
    for (const data of ['{ "values": [{ "a": 1 }] }', '{ "sequence": { "start": 0, "stop": 10, "as": "x" } }', '{ "graticule": true }', '{ "sphere": true }']) {
      expect(chart(load(specText(data))).meta.datasets).toEqual([]);
    }
    expect(chart(load(specText('{ "name": "table" }', ',\n  "datasets": { "table": [{ "a": 1 }] }'))).meta.datasets).toEqual([]);
    const layered = edit((s) => {
      delete s.data;
      s.layer = [{ data: { url: 'data/models.csv' }, mark: 'bar' }, { data: { values: [{ a: 1 }] }, mark: 'rule' }];
    });
    expect(chart(load(layered)).meta.datasets).toEqual(['models']);
  });

  it('a data object that is no data source, or names no dataset of the spec, is rejected', () => {
    expect(messages(load(specText('{ "format": { "type": "csv" } }')))).toEqual([
      'content/charts/scores.vl.json:8:3 data: expected a data source: "url" naming a dataset in data/, inline "values", a "name" from "datasets", or a "sequence", "graticule" or "sphere" generator, got {"format":{"type":"csv"}} (see https://vega.github.io/vega-lite/docs/data.html)',
    ]);
    expect(messages(load(specText('{ "name": "tabel" }', ',\n  "datasets": { "table": [] }')))).toEqual([
      'content/charts/scores.vl.json:8:13 data.name: expected the name of one of the spec\'s "datasets" (table), got "tabel" (add the rows under "datasets" with that name, or read a dataset in data/ with "url")',
    ]);
  });

  it('maps are read by name and kind', () => {
    const maps = (url: string) => loadChartSpec(specText(`{ "url": "${url}", "format": { "type": "topojson", "feature": "land" } }`), FILE, 'scores', [...DATASETS, 'world.topojson']);
    expect(chart(maps('data/world.topojson')).meta.datasets).toEqual([]);
    expect(messages(maps('data/world.geojson'))).toEqual([
      'content/charts/scores.vl.json:8:13 data.url: expected one of the datasets in data/ (scores, models, world.topojson), got "data/world.geojson" (add data/world.geojson, or fix the name)',
    ]);
  });
});

describe('metadata is required', () => {
  it('a missing description', () => {
    expect(messages(load(edit((s) => delete s.description)))).toEqual([
      'content/charts/scores.vl.json:1:1 description: expected a description: one or two sentences of alt text saying what the chart shows, got nothing',
    ]);
  });

  it('a missing caption and source label, at their parent', () => {
    const text = edit((s) => {
      delete s.usermeta.caption;
      delete s.usermeta.source.label;
    });
    expect(messages(load(text))).toEqual([
      'content/charts/scores.vl.json:4:3 usermeta.caption: expected usermeta.caption: the sentence printed under the chart, got nothing',
      'content/charts/scores.vl.json:5:5 usermeta.source.label: expected usermeta.source.label: the name of the source, got nothing',
    ]);
  });

  it('a source url that is not http(s) is quoted in the message, not reported as missing', () => {
    const text = edit((s) => (s.usermeta.source.url = 'javascript:alert(1)'));
    const [message] = messages(load(text));
    expect(message).toContain('content/charts/scores.vl.json:8:7 usermeta.source.url: expected usermeta.source.url: an http(s) address');
    // The value is there, so "got nothing" is wrong: zod 4 issues carry no `input` unless asked to.
    expect(message).toContain('javascript:alert(1)');
    expect(message).not.toContain('got nothing');
  });
});

describe('invalid JSON', () => {
  it('a missing comma, at its line and column', () => {
    const [message, ...rest] = messages(load('{\n  "title": "T"\n  "mark": "bar"\n}'));
    expect(rest).toEqual([]);
    expect(message).toMatch(/^content\/charts\/scores\.vl\.json:3:3 expected valid JSON, got .+ \(check for a missing comma or quote, or a trailing comma\)$/);
  });

  it('a trailing comma, at its line and column', () => {
    expect(messages(load('{\n  "title": "T",\n}'))[0]).toMatch(/^content\/charts\/scores\.vl\.json:3:1 expected valid JSON, got /);
  });

  it('a truncated file names the file', () => {
    expect(messages(load('{"title": '))[0]).toMatch(/^content\/charts\/scores\.vl\.json(:\d+:\d+)? expected valid JSON, got /);
  });
});

describe('data.url: more ways to write a path outside data/', () => {
  const FIX = '(charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs)';
  it.each([
    'data/%2e%2e/secret.csv',
    'data/%2E%2E%2Fsecret.csv',
    'data\\scores.csv',
    'data\\..\\secret.csv',
    'C:\\data\\scores.csv',
    '//evil.example/scores.csv',
    './data/scores.csv',
    'data//scores.csv',
    'DATA/scores.csv',
    'data/scores.csv#x',
    'data/scores.csv ',
    ' data/scores.csv',
    'data/scores.csv\n',
    'data/scores.csv%00.png',
    'data:text/csv,a,b',
    'file:data/scores.csv',
    '',
  ])('%j is rejected', (url) => {
    expect(messages(load(specText(`{ "url": ${JSON.stringify(url)} }`)))).toEqual([
      `content/charts/scores.vl.json:8:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got ${JSON.stringify(url)} ${FIX}`,
    ]);
  });

  it('a url that is not a string is shown as written, in a layer', () => {
    const text = edit((s) => {
      s.layer = [{ data: { url: { signal: 'x' } }, mark: 'bar' }];
    });
    expect(messages(load(text))[0]).toContain('layer.0.data.url: expected a dataset in data/, written as "data/<name>.csv", got "{\\"signal\\":\\"x\\"}"');
  });
});
