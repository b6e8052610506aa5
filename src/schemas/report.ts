/** `content/report.yaml`: what the report is, who made the work it covers, and how to cite it. */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const reportSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1),
  /** What this site is: a summary of published work, or original research. */
  kind_note: z.string().min(1),
  authors: z.array(z.strictObject({ name: z.string().min(1), affiliation: z.string().min(1), orcid: z.string().optional() })).min(1),
  /** Publication date of the work the report covers (YYYY-MM-DD). */
  date: z.iso.date(),
  abstract: z.string().min(1),
  sources: z.array(z.strictObject({ key: z.string().min(1), title: z.string().min(1), url: httpUrl, date: z.iso.date().optional(), note: z.string().optional() })).min(1),
  license: z.string().min(1),
  cite: z.string().min(1),
});
export type Report = z.output<typeof reportSchema>;
