/** `/data/<name>.csv`: a whole dataset (download: 'full') as validated, source column included (formula-looking text neutralised). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getDatasets } from '../../content-layer/queries.ts';
import type { DatasetEntry } from '../../content-layer/entries.ts';
import { writeCsv } from '../../output/write-csv.ts';

export const getStaticPaths = (async () =>
  (await getDatasets())
    // A large dataset published in full is written by DuckDB after the build (scripts/build.ts), never through memory.
    .filter((dataset) => dataset.download === 'full' && !dataset.large)
    .map((dataset) => ({ params: { name: dataset.name }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ dataset: DatasetEntry }> = ({ props }) =>
  new Response(writeCsv(props.dataset.columns.map((c) => c.name), props.dataset.rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
