/**
 * Search across the report. The index is built with the site; the search
 * code (MiniSearch) and the index are fetched the first time a reader opens
 * search, never before.
 */
import type MiniSearch from 'minisearch';
import { SEARCH_OPTIONS } from '../report/search-options.ts';

interface Stored {
  id: string;
  title: string;
  text: string;
  page: string;
}

let engine: Promise<MiniSearch<Stored>> | undefined;

function loadEngine(indexUrl: string): Promise<MiniSearch<Stored>> {
  engine ??= Promise.all([import('minisearch'), fetch(indexUrl).then((r) => r.text())]).then(([{ default: Search }, json]) => Search.loadJSON<Stored>(json, SEARCH_OPTIONS));
  return engine;
}

/** A short excerpt around the first matched term. */
function snippet(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0)));
  const start = Math.max(0, at - 60);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 180)}${start + 180 < text.length ? '…' : ''}`;
}

export function setUpSearch(): void {
  const button = document.querySelector<HTMLButtonElement>('button.search-open');
  const dialog = document.querySelector<HTMLDialogElement>('dialog.search-dialog');
  const input = dialog?.querySelector<HTMLInputElement>('input[type="search"]');
  const list = dialog?.querySelector<HTMLOListElement>('.search-results');
  const status = dialog?.querySelector<HTMLElement>('.search-status');
  if (!button || !dialog || !input || !list || !status) return;
  button.hidden = false;
  const indexUrl = dialog.dataset.index!;

  const run = async () => {
    const query = input.value.trim();
    list.replaceChildren();
    if (query.length < 2) {
      status.textContent = '';
      return;
    }
    const search = await loadEngine(indexUrl);
    const results = search.search(query, { prefix: true, fuzzy: 0.2, boost: { title: 2 } }).slice(0, 8);
    status.textContent = results.length === 0 ? 'No matches.' : `${results.length} match${results.length === 1 ? '' : 'es'}.`;
    for (const result of results) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      // A section on this page is a jump within it; on another page of the report, a link there.
      const page = String(result.page ?? location.pathname);
      link.href = new URL(page, location.href).pathname === location.pathname ? `#${result.id}` : `${page}#${result.id}`;
      link.textContent = String(result.title);
      link.addEventListener('click', () => dialog.close());
      const excerpt = document.createElement('p');
      excerpt.textContent = snippet(String(result.text), result.terms);
      item.append(link, excerpt);
      list.append(item);
    }
  };
  button.addEventListener('click', () => {
    dialog.showModal();
    void loadEngine(indexUrl).catch(() => (status.textContent = 'Search could not be loaded.'));
  });
  input.addEventListener('input', () => void run());
  dialog.querySelector('.search-close')?.addEventListener('click', () => dialog.close());
}
