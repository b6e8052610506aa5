/**
 * Collections: chapters (MDX), report (report.yaml), references (BibTeX). Datasets
 * and charts are read from the report model instead (src/content-layer/queries.ts).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './schemas/chapter.ts';
import { reportSchema } from './schemas/report.ts';
import { z } from 'zod';
import { referencesLoader, reportLoader } from './content-layer/loaders.ts';

export const collections = {
  chapters: defineCollection({ loader: glob({ pattern: '*.mdx', base: './content/chapters' }), schema: chapterSchema }),
  report: defineCollection({ loader: reportLoader(), schema: reportSchema }),
  references: defineCollection({ loader: referencesLoader(), schema: z.object({ key: z.string(), text: z.string(), url: z.string().optional() }) }),
};
