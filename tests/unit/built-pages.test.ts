/** The search index and the page map, made from the built report pages in one reading. */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { indexBuiltPages } from '../../src/report/built-pages.ts';
import { SEARCH_OPTIONS } from '../../src/report/search-options.ts';

const pages: Record<string, string> = {
  '/': '<main><section class="chapter" id="overview"><h2>Overview</h2><p>Blackmail fell to 0%.</p><figure id="figure-rates"><figcaption>Rates</figcaption></figure></section></main>',
  '/methods/': '<main><section class="chapter" id="methods"><h2>Methods</h2><h3 id="sampling">Sampling</h3><p>Each scenario ran 100 times.</p></section></main>',
};

describe('indexBuiltPages', () => {
  it('finds each section on its page and says which page holds each linked id', async () => {
    const read: string[] = [];
    const built = await indexBuiltPages(Object.keys(pages), async (path) => (read.push(path), pages[path]!));
    expect(read).toEqual(['/', '/methods/']);
    expect(built.pageMap).toEqual({ pages: ['/', '/methods/'], ids: { overview: '/', 'figure-rates': '/', methods: '/methods/', sampling: '/methods/' } });
    const search = MiniSearch.loadJSON(built.searchIndex, SEARCH_OPTIONS);
    expect(search.search('scenario').map((r) => [r.id, r.page])).toEqual([['sampling', '/methods/']]);
  });
});
