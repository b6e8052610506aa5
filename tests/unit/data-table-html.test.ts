/** The "Show data" table fragment: every cell is text, links only to the checked URL column. */
import { describe, expect, test } from 'vitest';
import { dataTableHtml, MAX_TABLE_ROWS } from '../../src/output/data-table-html.ts';

const columns = [
  { name: 'label', info: { type: 'text' } },
  { name: 'rate_pct', info: { type: 'percent', unit: '%' } },
  { name: 'source_url', info: { type: 'url' } },
];

describe('dataTableHtml', () => {
  test('escapes cells, units and the caption; numbers right-aligned; URLs as links to their host', () => {
    const html = dataTableHtml({
      description: 'Rates <by> team & "kind"',
      columns,
      rows: [{ label: '<img src=x onerror=alert(1)>', rate_pct: 1234.5, source_url: 'https://example.org/a?b="c"' }, { label: null, rate_pct: null, source_url: null }],
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('<caption>Rates &lt;by&gt; team &amp; &quot;kind&quot;</caption>');
    expect(html).toContain('<th scope="col">rate_pct (%)</th>');
    expect(html).toMatch(/<td class="num">1,234\.5<\/td>/);
    expect(html).toContain('<a href="https://example.org/a?b=&quot;c&quot;">example.org</a>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  test('a nested array or object (rows written in a spec) is its JSON text, escaped', () => {
    const html = dataTableHtml({ description: 'd', columns: [{ name: 'list', info: { type: 'json' } }], rows: [{ list: [1, '<b>x</b>'] }, { list: { a: 'b & c' } }] });
    expect(html).toContain('<td><code>[1,&quot;&lt;b&gt;x&lt;/b&gt;&quot;]</code></td>');
    expect(html).toContain('<td><code>{&quot;a&quot;:&quot;b &amp; c&quot;}</code></td>');
    expect(html).not.toContain('[object Object]');
  });

  test(`shows at most ${MAX_TABLE_ROWS} rows and says how many there are`, () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ label: `r${i}`, rate_pct: i, source_url: null }));
    const html = dataTableHtml({ description: 'd', columns, rows });
    expect(html.match(/<tr>/g)).toHaveLength(MAX_TABLE_ROWS + 1);
    expect(html).toContain(`Showing ${MAX_TABLE_ROWS} of 250 rows`);
  });
});
