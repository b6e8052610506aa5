/** The frontmatter of a chapter (`content/chapters/*.mdx`), shared by the build and `npm run validate`. */
import { z } from 'zod';

import { headlineSchema } from './value.ts';

export { VALUE_FORMATS, valueRefSchema, type ValueRef } from './value.ts';

export const CHAPTER_KINDS = ['overview', 'background', 'finding', 'caveats', 'methods', 'appendix'] as const;

const common = {
  title: z.string().min(1),
  /** Position in the report; chapters are shown by ascending order. */
  order: z.number(),
  /** A one-line summary for the table of contents and cards. */
  summary: z.string().optional(),
};

export const findingChapterSchema = z.strictObject({
  ...common,
  kind: z.literal('finding'),
  /** Findings are numbered 1, 2, 3 … without gaps, as many as the report has. */
  number: z.int().min(1),
  /** One sentence stating the finding; may hold {{ … }} values. */
  claim: z.string().min(1),
  /** The finding's number, read from a dataset (one cell or a statistic); `from_field` (same row) shows a before -> after pair. */
  headline: headlineSchema.optional(),
  /** Ids of the charts that support the finding. */
  evidence: z.array(z.string().min(1)).default([]),
});

export const otherChapterSchema = z.strictObject({
  ...common,
  kind: z.enum(CHAPTER_KINDS.filter((k) => k !== 'finding') as ['overview', 'background', 'caveats', 'methods', 'appendix']),
});

export const chapterSchema = z.discriminatedUnion('kind', [findingChapterSchema, otherChapterSchema]);
export type Chapter = z.output<typeof chapterSchema>;
export type FindingChapter = z.output<typeof findingChapterSchema>;
