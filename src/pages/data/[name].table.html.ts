/** `/data/<name>.table.html`: the "Show data" table of a dataset, fetched when a reader opens it. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import type { DatasetEntry } from '../../content-layer/entries.ts';
import { dataTableHtml } from '../../pipeline/data-table-html.ts';

export const getStaticPaths = (async () =>
  (await getCollection('datasets')).map(({ data }) => ({ params: { name: data.name }, props: { dataset: data } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ dataset: DatasetEntry }> = ({ props }) =>
  new Response(dataTableHtml(props.dataset), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
