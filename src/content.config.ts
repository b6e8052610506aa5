/** Collections: chapters (MDX), datasets (CSV + row schemas), charts (Vega-Lite specs), report (report.yaml). */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './schemas/chapter.ts';
import { reportSchema } from './schemas/report.ts';
import { chartEntrySchema, datasetEntrySchema } from './content-layer/entries.ts';
import { z } from 'zod';
import { chartsLoader, datasetsLoader, referencesLoader, reportLoader } from './content-layer/loaders.ts';

export const collections = {
  chapters: defineCollection({ loader: glob({ pattern: '*.mdx', base: './content/chapters' }), schema: chapterSchema }),
  datasets: defineCollection({ loader: datasetsLoader(), schema: datasetEntrySchema }),
  charts: defineCollection({ loader: chartsLoader(), schema: chartEntrySchema }),
  report: defineCollection({ loader: reportLoader(), schema: reportSchema }),
  references: defineCollection({ loader: referencesLoader(), schema: z.object({ key: z.string(), text: z.string(), url: z.string().optional() }) }),
};
