// citation-js ships no types; this is the part of its API the report uses.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    data: unknown[];
    format(format: 'bibliography' | 'citation', options?: { format?: 'text' | 'html'; template?: string; lang?: string; asEntryArray?: boolean }): string;
    format(format: 'bibtex' | 'data', options?: Record<string, unknown>): string;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-csl';
