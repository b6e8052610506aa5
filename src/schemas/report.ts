/** `content/report.yaml`: what the report is, who made the work it covers, and how to cite it. */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const reportSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1),
  /** What this site is: a summary of published work, or original research. */
  kind_note: z.string().min(1),
  authors: z.array(z.strictObject({ name: z.string().min(1), affiliation: z.string().min(1), orcid: z.string().regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD like 0000-0002-1825-0097').optional() })).min(1),
  /** Publication date of the work the report covers (YYYY-MM-DD). */
  date: z.iso.date(),
  abstract: z.string().min(1),
  sources: z.array(z.strictObject({ key: z.string().min(1), title: z.string().min(1), url: httpUrl, date: z.iso.date().optional(), note: z.string().optional() })).min(1),
  license: z.string().min(1),
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
});
export type Report = z.output<typeof reportSchema>;
