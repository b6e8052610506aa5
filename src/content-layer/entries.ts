/** The shapes stored in the `datasets` and `charts` collections, with zod schemas for Astro's types. */
import { z } from 'zod';

const columnSchema = z.object({
  name: z.string(),
  info: z.object({ type: z.string(), unit: z.string().optional(), description: z.string().optional(), optional: z.boolean() }),
});

export const datasetEntrySchema = z.object({
  name: z.string(),
  file: z.string(),
  description: z.string(),
  /** The dataset-level source, when the schema gives one. */
  source: z.object({ label: z.string(), url: z.string() }).optional(),
  key: z.string(),
  columns: z.array(columnSchema),
  /** Every row, or for a large dataset (rows held in DuckDB) only the rows the chapters print. */
  rows: z.array(z.record(z.string(), z.unknown())),
  lines: z.array(z.number()),
  rowCount: z.number(),
  large: z.boolean(),
  /** What the site publishes: every row, the rows each chart draws, or none (src/pipeline/columns.ts). */
  download: z.enum(['full', 'chart-rows', 'none']),
  /** When the data last changed (ISO date-time): last commit touching the file, or its mtime. */
  changedAt: z.string(),
});
export type DatasetEntry = z.output<typeof datasetEntrySchema>;

export const chartEntrySchema = z.object({
  meta: z.object({
    id: z.string(),
    file: z.string(),
    title: z.string(),
    description: z.string(),
    caption: z.string(),
    source: z.object({ label: z.string(), url: z.string() }),
    datasets: z.array(z.string()),
  }),
  standaloneSpec: z.record(z.string(), z.unknown()),
  /** Compiled Vega spec without the title, which the page prints as text. */
  pageVegaSpec: z.record(z.string(), z.unknown()),
  /** The same, laid out for phones. */
  narrowVegaSpec: z.record(z.string(), z.unknown()),
  /** SVG for the page (no title) and for downloads (with the title). */
  pageSvg: z.string(),
  /** The page version laid out for phones, shown instead below NARROW_BREAKPOINT. */
  narrowSvg: z.string(),
  svg: z.string(),
  /** The rows the chart draws, one table per data source: `/charts/<id>.csv` is the first, `/charts/<id>.<name>.csv` the others. */
  downloads: z.array(
    z.object({
      name: z.string(),
      columns: z.array(z.string()),
      rows: z.array(z.record(z.string(), z.unknown())),
      /** Rows written in the spec: their "Show data" description and column types. */
      inline: z.object({ description: z.string(), columns: z.array(z.object({ name: z.string(), info: z.object({ type: z.string(), optional: z.boolean() }) })) }).optional(),
    }),
  ),
});
export type ChartEntry = z.output<typeof chartEntrySchema>;
