/**
 * `content/references.bib` -> formatted references (citation-js: BibTeX in,
 * CSL-JSON, APA text and BibTeX out). No hand-written BibTeX parsing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { Problem } from '../errors/report-error.ts';
import type { Report } from '../schemas/report.ts';

export const REFERENCES_FILE = 'content/references.bib';

export interface Reference {
  key: string;
  /** The full reference, APA style, as plain text. */
  text: string;
  url?: string;
}

type CslItem = Record<string, unknown> & { id: string; URL?: string };

// The APA formatter (citeproc, through citation-js's CSL plugin) takes most of a second to load and
// start: only the pages need it, so the checks, which need the keys, never load it.
let csl: Promise<unknown> | undefined;
const loadCsl = () => (csl ??= import('@citation-js/plugin-csl'));

async function formatApa(items: CslItem[]): Promise<string> {
  await loadCsl();
  return new Cite(items).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
}

/** The entries of the bibliography file, parsed (BibTeX -> CSL-JSON); a missing file is an empty bibliography. */
export async function readReferenceItems(root: string): Promise<{ items: CslItem[]; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(join(root, REFERENCES_FILE), 'utf8');
  } catch {
    return { items: [], problems: [] };
  }
  try {
    return { items: new Cite(text).data as CslItem[], problems: [] };
  } catch (error) {
    return { items: [], problems: [{ file: REFERENCES_FILE, expected: 'valid BibTeX', found: (error as Error).message.split('\n')[0], fix: 'check the braces and commas of the entry' }] };
  }
}

/** Every entry of the bibliography file, formatted (APA) for the page. */
export async function loadReferences(root: string): Promise<{ references: Map<string, Reference>; problems: Problem[] }> {
  const references = new Map<string, Reference>();
  const { items, problems } = await readReferenceItems(root);
  if (problems.length > 0 || items.length === 0) return { references, problems };
  await loadCsl();
  // One formatter for all entries: starting citeproc is the slow part, not formatting.
  const entries = new Cite(items).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US', asEntryArray: true }) as unknown as [string, string][];
  const textById = new Map(entries.map(([id, text]) => [id, text.trim()]));
  for (const item of items) references.set(item.id, { key: item.id, text: textById.get(item.id) ?? (await formatApa([item])), url: item.URL });
  return { references, problems: [] };
}

function splitName(name: string): { given: string; family: string } {
  const parts = name.trim().split(/\s+/);
  return { family: parts.pop() ?? name, given: parts.join(' ') };
}

/** The work the report describes, as CSL-JSON, from report.yaml. */
export function reportCsl(report: Report, siteUrl?: string): CslItem {
  const [year, month, day] = report.date.split('-').map(Number);
  return {
    id: `${splitName(report.authors[0]!.name).family.toLowerCase()}${year}`,
    type: 'post-weblog',
    title: report.title,
    author: report.authors.map((a) => splitName(a.name)),
    issued: { 'date-parts': [[year, month, day]] },
    'container-title': report.citation?.container,
    publisher: report.citation?.publisher,
    URL: report.citation?.url ?? siteUrl ?? report.sources[0]?.url,
  };
}

// The last citation made: every page of a build asks for the same one (in `astro dev`, until report.yaml changes).
let cited: { key: string; citation: Promise<{ text: string; bibtex: string }> } | undefined;

/** "Cite this": an APA line and a BibTeX entry for the work in report.yaml (formatted once per build, not per page). */
export function citeReport(report: Report, siteUrl?: string): Promise<{ text: string; bibtex: string }> {
  const item = reportCsl(report, siteUrl);
  const key = JSON.stringify(item);
  if (cited?.key !== key) {
    const citation = formatApa([item]).then((text) => ({ text, bibtex: new Cite([item]).format('bibtex').trim() }));
    cited = { key, citation };
    // A failure is not kept: the next page tries again.
    citation.catch(() => {
      if (cited?.citation === citation) cited = undefined;
    });
  }
  return cited.citation;
}
