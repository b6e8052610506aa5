import MiniSearch from 'minisearch';
import { describe, expect, test } from 'vitest';
import { buildSearchIndex, searchDocuments } from '../../src/report/search-index.ts';
import { SEARCH_OPTIONS } from '../../src/report/search-options.ts';

const page = `<main>
<section class="chapter" id="finding-1"><h2>Training on the test</h2><p>Rates fell from <data class="value">22%</data> to 15%.</p>
<h3 id="what-it-measures">What the numbers measure</h3><p>An average over three honeypot evaluations.</p>
<div class="chart"><figure><div class="chart-frame"><svg><text>tick 40</text></svg></div><figcaption>Figure 1. Honeypots</figcaption></figure><details class="chart-data"><table><tr><td>secret-cell</td></tr></table></details></div></section>
<section class="chapter" id="caveats"><h2>Caveats</h2><ul><li>Finite coverage.</li></ul></section>
</main>`;

describe('the search index', () => {
  test('has one document per chapter and per h3 section, with the numbers as printed and no chart internals', () => {
    const docs = searchDocuments(page);
    expect(docs.map((d) => [d.id, d.title])).toEqual([
      ['finding-1', 'Training on the test'],
      ['what-it-measures', 'What the numbers measure · Training on the test'],
      ['caveats', 'Caveats'],
    ]);
    expect(docs[0]!.text).toBe('Rates fell from 22% to 15%.');
    expect(docs[1]!.text).toContain('Figure 1. Honeypots');
    expect(docs.map((d) => d.text).join(' ')).not.toMatch(/tick 40|secret-cell/);
  });

  test('serialises to an index the browser can load and query', () => {
    const search = MiniSearch.loadJSON(buildSearchIndex([{ path: '/', html: page }]), SEARCH_OPTIONS);
    expect(search.search('honeypot', { prefix: true }).map((r) => r.id)).toEqual(['what-it-measures']);
    expect(search.search('coverage').map((r) => r.id)).toEqual(['caveats']);
  });

  test('indexes every page of a report of several pages, each result naming the page it is on', () => {
    const second = `<main><section class="chapter" id="methods"><h2>Methods</h2><p>Teams were blinded.</p></section></main>`;
    const search = MiniSearch.loadJSON(buildSearchIndex([{ path: '/', html: page }, { path: '/methods/', html: second }]), SEARCH_OPTIONS);
    expect(search.search('coverage').map((r) => [r.id, r.page])).toEqual([['caveats', '/']]);
    expect(search.search('blinded').map((r) => [r.id, r.page])).toEqual([['methods', '/methods/']]);
  });
});
