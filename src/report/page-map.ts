/**
 * Which page holds each id a link can point at, from the built pages: the map
 * `src/client/moved-links.ts` reads to send an old `/#figure-<id>` link to the
 * page the figure is on now. Only the ids readers link to (chapters, figures,
 * headings, references and notes), so the map stays small at a thousand charts.
 */
import { parse, type HTMLElement } from 'node-html-parser';

export interface RenderedPage {
  /** The page's URL path, base included: `/`, `/my-report/methods/`. */
  path: string;
  html: string;
}

export interface PageMap {
  pages: string[];
  ids: Record<string, string>;
}

const LINKED = ['section.chapter[id]', 'figure[id]', 'h2[id]', 'h3[id]', 'h4[id]', 'h5[id]', 'h6[id]', 'li[id]'].map((s) => `main ${s}`).join(', ');

/** The ids on one built page that links point at. */
export function linkedIdsOf(root: HTMLElement): string[] {
  return root.querySelectorAll(LINKED).map((element) => element.id);
}

export function pageMapOf(pages: RenderedPage[]): PageMap {
  const ids: Record<string, string> = {};
  for (const page of pages) {
    for (const id of linkedIdsOf(parse(page.html))) ids[id] ??= page.path;
  }
  return { pages: pages.map((p) => p.path), ids };
}
