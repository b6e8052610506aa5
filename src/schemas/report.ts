/** `content/report.yaml`: what the report is, who wrote it, how to cite it, and the words its layout prints. */
import { z } from 'zod';
import { DEFAULT_AUTO_MAX_CHARTS, PAGE_MODES } from '../report/pages.ts';
import { isTimeZone } from '../pipeline/utc-time.ts';
import { suggestName } from '../pipeline/validate-rows.ts';

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Every phrase the layout prints around the author's text. Defaults depend on
 * `kind`: a summary of others' work credits "Original work by" its authors,
 * original research is simply "By" them.
 */
const labelsSchema = z
  .strictObject({
    byline: z.string().min(1).describe('Before the authors\' names: "By" (original) or "Original work by" (summary).'),
    published: z.string().min(1),
    data_updated: z.string().min(1),
    contents: z.string().min(1),
    skip_link: z.string().min(1),
    all_charts: z.string().min(1),
    search: z.string().min(1),
    search_label: z.string().min(1),
    sources: z.string().min(1),
    data: z.string().min(1),
    data_note: z.string().min(1).describe('Under the "Data" heading, before the list of datasets.'),
    cite: z.string().min(1),
    finding: z.string().min(1).describe('"Finding 2"'),
    figure: z.string().min(1).describe('"Figure 3"'),
    source: z.string().min(1).describe('"Source: …" under a chart'),
    show_data: z.string().min(1),
    kicker: z.string().min(1).describe('The small line above the title on social cards: "Research report" or "Research summary".'),
    previous: z.string().min(1).describe('Before the previous chapter\'s title, on a report of several pages.'),
    next: z.string().min(1).describe('Before the next chapter\'s title, on a report of several pages.'),
    page_nav: z.string().min(1).describe('The name of the previous/next links for screen readers.'),
  })
  .partial();
export type Labels = Required<z.output<typeof labelsSchema>>;

export const DEFAULT_LABELS: Labels = {
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
  previous: 'Previous',
  next: 'Next',
  page_nav: 'Previous and next chapter',
};

export const SUMMARY_LABELS: Partial<Labels> = {
  byline: 'Original work by',
  data_note: 'Every number on this site is read from these files; each row names its source.',
  kicker: 'Research summary',
};

export const REPORT_KINDS = ['original', 'summary'] as const;

export const reportSchema = z.strictObject({
  title: z.string().min(1).describe('The report\'s title: the page heading, the citation and the social card.'),
  subtitle: z.string().min(1).optional().describe('One line under the title.'),
  kind: z.enum(REPORT_KINDS).default('original').describe('original: your own research (default); summary: a summary of published work by the authors listed.'),
  kind_note: z.string().min(1).optional().describe('A sentence under the byline saying what the site is (e.g. "a summary, not new research").'),
  lang: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language tag like "en" or "pt-BR"').default('en').describe('The page language, as a BCP 47 tag: "en", "de", "pt-BR".'),
  authors: z.array(z.strictObject({ name: z.string().min(1), affiliation: z.string().min(1).optional(), orcid: z.string().regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD like 0000-0002-1825-0097').optional() })).min(1).describe('Who wrote the work, in citation order: name, and optionally affiliation and ORCID iD.'),
  date: z.iso.date().describe('Publication date (YYYY-MM-DD): of this report, or of the work a summary covers.'),
  abstract: z.string().min(1).describe('Two or three sentences: the page description, the feed and the citation\'s abstract.'),
  sources: z.array(z.strictObject({ key: z.string().min(1), title: z.string().min(1), url: httpUrl, date: z.iso.date().optional(), note: z.string().optional() })).default([]).describe('Published works the report draws on, listed in the footer.'),
  license: z.string().min(1).optional().describe('The licence of the text, charts and data, printed in the footer.'),
  site: httpUrl.optional().describe('Where the site is published (absolute URLs in feeds, sitemap, embeds); SITE_URL overrides it.'),
  base: z.string().regex(/^\/([\w.-]+\/)*$/, 'a path that starts and ends with "/", like "/my-report/"').optional().describe('The path the site lives under, e.g. "/my-report/"; BASE_PATH overrides it.'),
  cite: z.string().min(1).optional().describe('Optional free text printed as the way to cite the work (the generated citation follows it).'),
  citation: z
    .strictObject({
      container: z.string().min(1).optional().describe('Blog, journal or series the work appeared in.'),
      publisher: z.string().min(1).optional().describe('Who published it.'),
      url: httpUrl.describe('The address to cite.'),
      abstract: z.string().min(1).optional().describe("The cited work's own abstract, in its authors' words, for CITATION.cff (a summary's own abstract is not put under their names)."),
    })
    .optional()
    .describe('Where the work was published, for the generated citation, BibTeX and CITATION.cff.'),
  pages: z.enum(PAGE_MODES).default('auto').describe(`single: the whole report on one page; chapters: the first chapter on the front page and every other chapter on a page of its own (/<chapter>/); auto (default): chapters when the report places more than ${DEFAULT_AUTO_MAX_CHARTS} charts, single otherwise.`),
  // Vega draws in the zone of the machine or browser it runs in; utc-time.ts makes every chart UTC, and for another
  // zone shifts each instant in the rows to its wall-clock time there at build time, so build and browser agree.
  time_zone: z
    .string()
    .superRefine((zone, context) => {
      if (isTimeZone(zone)) return;
      // A misspelt zone ("Europe/Pariss") gets the name it was meant to be.
      const guess = suggestName(zone, ['UTC', ...Intl.supportedValuesOf('timeZone')]);
      context.addIssue({
        code: 'custom',
        message: 'an IANA time zone name, such as "UTC" or "America/New_York"',
        params: { fix: guess ? `did you mean "${guess}"?` : 'see the "TZ identifier" column of https://en.wikipedia.org/wiki/List_of_tz_database_time_zones' },
      });
    })
    .default('UTC')
    .describe('The time zone charts show instants in (times written with "Z" or an offset, or as milliseconds): "UTC" (the default) or an IANA name such as "America/New_York". Times written without a zone are shown as written.'),
  // What the chart lint finds may mislead a reader, but the chart is still the spec the author wrote: by default
  // the site is built and the findings are listed; a report that must be clean (in CI) makes them errors.
  chart_lint: z
    .enum(['warn', 'error'])
    .default('warn')
    .describe('What the chart lint\'s findings (labels cut off or overlapping, "null" printed, marks with no area, lines drawn alike, values outside a fixed domain, bounds drawn as exact) do: "warn" (the default) builds the site and lists them with the file, line and fix; "error" refuses to build until each is fixed or opted out of in the chart\'s usermeta.lint.'),
  labels: labelsSchema.default({}).describe('Override any phrase the layout prints (see docs/configuration.md for the list and defaults).'),
});
export type Report = z.output<typeof reportSchema>;

/** The layout's phrases for this report: its own labels over the defaults for its kind. */
export function labelsOf(report: Pick<Report, 'kind' | 'labels'>): Labels {
  return { ...DEFAULT_LABELS, ...(report.kind === 'summary' ? SUMMARY_LABELS : {}), ...report.labels } as Labels;
}
