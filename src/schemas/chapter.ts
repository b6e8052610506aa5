/** The frontmatter of a chapter (`content/chapters/*.mdx`), shared by the build and `npm run validate`. */
import { z } from 'zod';

import { headlineSchema } from './value.ts';

export { VALUE_FORMATS, valueRefSchema, type ValueRef } from './value.ts';

export const CHAPTER_KINDS = ['overview', 'background', 'finding', 'caveats', 'methods', 'appendix'] as const;

const common = {
  title: z.string().min(1).describe('The chapter\'s heading and its entry in the table of contents.'),
  order: z.number().describe('Position in the report; chapters are shown by ascending order.'),
  summary: z.string().optional().describe('A one-line summary for the table of contents and cards.'),
};

export const findingChapterSchema = z.strictObject({
  ...common,
  kind: z.literal('finding').describe('A finding: numbered, with a claim, a headline number and its evidence.'),
  number: z.int().min(1).describe('Findings are numbered 1, 2, 3 … without gaps, as many as the report has.'),
  claim: z.string().min(1).describe('One sentence stating the finding; may hold {{ … }} values.'),
  headline: headlineSchema.optional().describe('The finding\'s number, read from a dataset (one cell or a statistic); `from_field` (same row) shows a before -> after pair.'),
  evidence: z.array(z.string().min(1)).default([]).describe('Ids of the charts that support the finding.'),
});

export const otherChapterSchema = z.strictObject({
  ...common,
  kind: z.enum(CHAPTER_KINDS.filter((k) => k !== 'finding') as ['overview', 'background', 'caveats', 'methods', 'appendix']).describe('What the chapter is; caveats becomes the #caveats section (one at most).'),
});

export const chapterSchema = z.discriminatedUnion('kind', [findingChapterSchema, otherChapterSchema]);
export type Chapter = z.output<typeof chapterSchema>;
export type FindingChapter = z.output<typeof findingChapterSchema>;
