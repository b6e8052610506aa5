/** `content/report.yaml`: what the report is, who wrote it, how to cite it, and the words its layout prints. */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Every phrase the layout prints around the author's text. Defaults depend on
 * `kind`: a summary of others' work credits "Original work by" its authors,
 * original research is simply "By" them.
 */
const labelsSchema = z
  .strictObject({
    /** Before the authors' names: "By" (original) or "Original work by" (summary). */
    byline: z.string().min(1),
    published: z.string().min(1),
    data_updated: z.string().min(1),
    contents: z.string().min(1),
    skip_link: z.string().min(1),
    all_charts: z.string().min(1),
    search: z.string().min(1),
    search_label: z.string().min(1),
    sources: z.string().min(1),
    data: z.string().min(1),
    /** Under the "Data" heading, before the list of datasets. */
    data_note: z.string().min(1),
    cite: z.string().min(1),
    /** "Finding 2" */
    finding: z.string().min(1),
    /** "Figure 3" */
    figure: z.string().min(1),
    /** "Source: …" under a chart */
    source: z.string().min(1),
    show_data: z.string().min(1),
    /** The small line above the title on social cards: "Research report" or "Research summary". */
    kicker: z.string().min(1),
  })
  .partial();
export type Labels = Required<z.output<typeof labelsSchema>>;

const DEFAULT_LABELS: Labels = {
  byline: 'By',
  published: 'Published',
  data_updated: 'Data last updated',
  contents: 'Contents',
  skip_link: 'Skip to content',
  all_charts: 'All charts',
  search: 'Search',
  search_label: 'Search the report',
  sources: 'Sources',
  data: 'Data',
  data_note: 'Every number on this site is read from these files.',
  cite: 'Cite this work',
  finding: 'Finding',
  figure: 'Figure',
  source: 'Source',
  show_data: 'Show data',
  kicker: 'Research report',
};

const SUMMARY_LABELS: Partial<Labels> = {
  byline: 'Original work by',
  data_note: 'Every number on this site is read from these files; each row names its source.',
  kicker: 'Research summary',
};

export const REPORT_KINDS = ['original', 'summary'] as const;

export const reportSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  /** original: your own research (default); summary: a summary of published work by the authors listed. */
  kind: z.enum(REPORT_KINDS).default('original'),
  /** A sentence under the byline saying what the site is (e.g. "a summary, not new research"). */
  kind_note: z.string().min(1).optional(),
  /** The page language, as a BCP 47 tag: "en", "de", "pt-BR". */
  lang: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language tag like "en" or "pt-BR"').default('en'),
  authors: z.array(z.strictObject({ name: z.string().min(1), affiliation: z.string().min(1).optional(), orcid: z.string().regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD like 0000-0002-1825-0097').optional() })).min(1),
  /** Publication date (YYYY-MM-DD): of this report, or of the work a summary covers. */
  date: z.iso.date(),
  abstract: z.string().min(1),
  /** Published works the report draws on, listed in the footer. */
  sources: z.array(z.strictObject({ key: z.string().min(1), title: z.string().min(1), url: httpUrl, date: z.iso.date().optional(), note: z.string().optional() })).default([]),
  /** The licence of the text, charts and data, printed in the footer. */
  license: z.string().min(1).optional(),
  /** Where the site is published (absolute URLs in feeds, sitemap, embeds); SITE_URL overrides it. */
  site: httpUrl.optional(),
  /** The path the site lives under, e.g. "/my-report/"; BASE_PATH overrides it. */
  base: z.string().regex(/^\/([\w.-]+\/)*$/, 'a path that starts and ends with "/", like "/my-report/"').optional(),
  /** Optional free text printed as the way to cite the work (the generated citation follows it). */
  cite: z.string().min(1).optional(),
  /** Where the work was published, for the generated citation, BibTeX and CITATION.cff. */
  citation: z
    .strictObject({
      /** Blog, journal or series the work appeared in. */
      container: z.string().min(1).optional(),
      publisher: z.string().min(1).optional(),
      url: httpUrl,
      /** The cited work's own abstract, in its authors' words, for CITATION.cff. */
      abstract: z.string().min(1).optional(),
    })
    .optional(),
  /** Override any phrase the layout prints (see docs/configuration.md for the list and defaults). */
  labels: labelsSchema.default({}),
});
export type Report = z.output<typeof reportSchema>;

/** The layout's phrases for this report: its own labels over the defaults for its kind. */
export function labelsOf(report: Pick<Report, 'kind' | 'labels'>): Labels {
  return { ...DEFAULT_LABELS, ...(report.kind === 'summary' ? SUMMARY_LABELS : {}), ...report.labels } as Labels;
}
