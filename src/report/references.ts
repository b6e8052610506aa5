/**
 * `content/references.bib` -> formatted references (citation-js: BibTeX in,
 * CSL-JSON, APA text and BibTeX out). No hand-written BibTeX parsing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
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

function formatApa(items: CslItem[]): string {
  return new Cite(items).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
}

/** Every entry of the bibliography file; a missing file is an empty bibliography. */
export async function loadReferences(root: string): Promise<{ references: Map<string, Reference>; problems: Problem[] }> {
  const references = new Map<string, Reference>();
  let text: string;
  try {
    text = await readFile(join(root, REFERENCES_FILE), 'utf8');
  } catch {
    return { references, problems: [] };
  }
  let items: CslItem[];
  try {
    items = new Cite(text).data as CslItem[];
  } catch (error) {
    return { references, problems: [{ file: REFERENCES_FILE, expected: 'valid BibTeX', found: (error as Error).message.split('\n')[0], fix: 'check the braces and commas of the entry' }] };
  }
  // One formatter for all entries: starting citeproc is the slow part, not formatting.
  const entries = new Cite(items).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US', asEntryArray: true }) as unknown as [string, string][];
  const textById = new Map(entries.map(([id, text]) => [id, text.trim()]));
  for (const item of items) references.set(item.id, { key: item.id, text: textById.get(item.id) ?? formatApa([item]), url: item.URL });
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

/** "Cite this": an APA line and a BibTeX entry for the work in report.yaml. */
export function citeReport(report: Report, siteUrl?: string): { text: string; bibtex: string } {
  const item = reportCsl(report, siteUrl);
  return { text: formatApa([item]), bibtex: new Cite([item]).format('bibtex').trim() };
}
