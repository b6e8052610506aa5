import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { checkChartLinks } from '../../src/pipeline/check-chart-links.ts';

const FILE = 'content/charts/scores.vl.json';
const FIX = "(a chart may not load or link to anything; cite sources with usermeta.source and the data's source_url column)";

function messages(spec: Record<string, unknown>): string[] {
  return checkChartLinks(spec, FILE, JSON.stringify(spec, null, 2)).map(formatProblem);
}

describe('charts neither link nor load', () => {
  it('accepts a chart whose only addresses are its data.url, $schema and source', () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      usermeta: { caption: 'C', source: { label: 'S', url: 'https://example.com/' } },
      data: { url: 'data/scores.csv' },
      layer: [{ mark: 'bar', transform: [{ lookup: 'name', from: { data: { url: 'data/models.csv' }, key: 'name', fields: ['size'] } }] }],
    };
    expect(messages(spec)).toEqual([]);
  });

  it('refuses an href channel (its targets would come from CSV cells)', () => {
    expect(messages({ mark: 'bar', encoding: { href: { field: 'link' } } })).toEqual([`content/charts/scores.vl.json:4:5 encoding.href: expected no "href" in a chart, got a "href" channel ${FIX}`]);
  });

  it('refuses an href mark property, also in config', () => {
    expect(messages({ mark: { type: 'bar', href: 'javascript:alert(1)' }, config: { mark: { href: 'https://example.com' } } })).toEqual([
      `content/charts/scores.vl.json:4:5 mark.href: expected no "href" in a chart, got a "href" property ${FIX}`,
      `content/charts/scores.vl.json:8:7 config.mark.href: expected no "href" in a chart, got a "href" property ${FIX}`,
    ]);
  });

  it('refuses image marks and their url channel', () => {
    expect(messages({ mark: 'image', encoding: { url: { field: 'picture' } } })).toEqual([
      `content/charts/scores.vl.json:2:3 mark: expected a mark drawn from the data (bar, line, point, rule, text, ...), got "image" ${FIX}`,
      `content/charts/scores.vl.json:4:5 encoding.url: expected no "url" in a chart, got a "url" channel ${FIX}`,
    ]);
  });

  it('refuses an image mark inside a layer, written as an object', () => {
    expect(messages({ layer: [{ mark: { type: 'image', url: 'https://example.com/x.png' } }] })).toHaveLength(2);
  });
});
