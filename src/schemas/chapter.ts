/** The frontmatter of a chapter (`content/chapters/*.mdx`), shared by the build and `npm run validate`. */
import { z } from 'zod';

export const VALUE_FORMATS = ['percent', 'number', 'factor', 'tokens', 'text'] as const;

/** A number taken from a dataset row, never typed by hand. */
export const valueRefSchema = z.strictObject({
  dataset: z.string().min(1),
  row: z.string().min(1),
  field: z.string().min(1),
  format: z.enum(VALUE_FORMATS).default('number'),
});
export type ValueRef = z.output<typeof valueRefSchema>;

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
  number: z.int().min(1).max(4),
  claim: z.string().min(1),
  /** The finding's number, read from a dataset; `from_field` (same row) shows a before -> after pair. */
  headline: valueRefSchema.extend({ label: z.string().min(1), from_field: z.string().min(1).optional() }),
  evidence: z.array(z.string().min(1)).min(1),
});

export const otherChapterSchema = z.strictObject({
  ...common,
  kind: z.enum(CHAPTER_KINDS.filter((k) => k !== 'finding') as ['overview', 'background', 'caveats', 'methods', 'appendix']),
});

export const chapterSchema = z.discriminatedUnion('kind', [findingChapterSchema, otherChapterSchema]);
export type Chapter = z.output<typeof chapterSchema>;
export type FindingChapter = z.output<typeof findingChapterSchema>;
