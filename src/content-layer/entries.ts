/**
 * What the pages read of a chart and of a dataset: the report model's own
 * types (src/report/charts.ts, src/report/datasets.ts), as queries.ts hands
 * them out. Nothing is stored in Astro's data store, so nothing needs a schema here.
 */
import type { CompiledChart } from '../report/charts.ts';
import type { Dataset } from '../report/datasets.ts';

/** A chart as the pages draw it: the compiled chart without the download's Vega spec, its page specs as plain JSON. */
export type ChartEntry = Omit<CompiledChart, 'vegaSpec' | 'pageVegaSpec' | 'narrowVegaSpec'> & {
  /** Compiled Vega spec without the title, which the page prints as text. */
  pageVegaSpec: Record<string, unknown>;
  /** The same, laid out for phones. */
  narrowVegaSpec: Record<string, unknown>;
};

/** A dataset as the pages print it: rows, columns and provenance, and when it last changed. */
export type DatasetEntry = Pick<Dataset, 'name' | 'file' | 'description' | 'source' | 'key' | 'columns' | 'rowCount' | 'large' | 'download'> & {
  /** Every row, or for a large dataset (rows held in DuckDB) only the rows the chapters print. */
  rows: Dataset['table']['rows'];
  lines: number[];
  /** When the data last changed (ISO date-time): last commit touching the file, or its mtime. */
  changedAt: string;
};
