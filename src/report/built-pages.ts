/**
 * What the build makes from its own report pages once Astro has written them:
 * the search index and the page map. Each page is read and parsed once, one at
 * a time: holding every page of a 1,000-chart report and parsing each twice made
 * this the build's peak of memory.
 */
import { parse } from 'node-html-parser';
import { linkedIdsOf, type PageMap } from './page-map.ts';
import { searchDocuments, serialiseSearchIndex, type SearchDocument } from './search-index.ts';

/** `paths`: the report pages' URL paths, base included; `read`: a page's HTML by its path. */
export async function indexBuiltPages(paths: string[], read: (path: string) => Promise<string>): Promise<{ searchIndex: string; pageMap: PageMap }> {
  const documents: SearchDocument[] = [];
  const ids: Record<string, string> = {};
  for (const path of paths) {
    const root = parse(await read(path));
    documents.push(...searchDocuments(root, path));
    for (const id of linkedIdsOf(root)) ids[id] ??= path;
  }
  return { searchIndex: serialiseSearchIndex(documents), pageMap: { pages: paths, ids } };
}
