/**
 * The search index, built from the rendered report pages after the site is
 * built: one document per chapter section (h2 or h3), with the numbers as
 * printed and the page it is on.
 * MiniSearch serialises it; the browser loads it only when a reader searches.
 */
import MiniSearch from 'minisearch';
import { parse, type HTMLElement } from 'node-html-parser';
import { SEARCH_OPTIONS } from './search-options.ts';
import type { RenderedPage } from './page-map.ts';

export interface SearchDocument {
  id: string;
  /** The section's heading, with its chapter's title when it is a subsection. */
  title: string;
  text: string;
  /** The URL path of its page (`/`, `/methods/`): a result links to `<page>#<id>`. */
  page: string;
}

/** Sections of a report page, split at each chapter and at each h3 inside it. */
export function searchDocuments(html: string | HTMLElement, page = '/'): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const chapter of (typeof html === 'string' ? parse(html) : html).querySelectorAll('main section.chapter[id]')) {
    const chapterTitle = chapter.querySelector('h2')?.text.trim() ?? chapter.id;
    let current: SearchDocument = { id: chapter.id, title: chapterTitle, text: '', page };
    documents.push(current);
    const walk = (node: HTMLElement): void => {
      for (const child of node.childNodes) {
        if (!(child instanceof Object) || !('tagName' in child)) {
          current.text += ` ${child.text}`;
          continue;
        }
        const el = child as HTMLElement;
        // Charts are searched by their title and caption, not their SVG's tick labels.
        if (el.tagName === 'SVG' || el.classList.contains('chart-tools') || el.classList.contains('chart-data') || el.classList.contains('visually-hidden')) continue;
        if (el.tagName === 'H3' && el.id) {
          current = { id: el.id, title: `${el.text.trim()} · ${chapterTitle}`, text: '', page };
          documents.push(current);
          continue;
        }
        if (el.tagName === 'H2') continue;
        walk(el);
      }
    };
    walk(chapter);
  }
  return documents.map((d) => ({ ...d, text: d.text.replace(/\s+/g, ' ').trim() })).filter((d) => d.text.length > 0);
}

/** A serialised MiniSearch index of every report page, ready for `MiniSearch.loadJSON`. */
export function buildSearchIndex(pages: RenderedPage[]): string {
  return serialiseSearchIndex(pages.flatMap((page) => searchDocuments(page.html, page.path)));
}

/** A serialised MiniSearch index of these sections. */
export function serialiseSearchIndex(documents: SearchDocument[]): string {
  const search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  search.addAll(documents);
  return JSON.stringify(search);
}
