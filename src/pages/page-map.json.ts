/**
 * `/page-map.json`: the report's pages, in reading order. scripts/build.ts reads
 * it to find the pages it indexes for search, then adds `ids` (every chapter,
 * figure, heading and list item id → the page holding it, src/report/page-map.ts),
 * which the pages fetch to follow links to `/#<id>` that moved to another page.
 */
import type { APIRoute } from 'astro';
import { getPages } from '../content-layer/queries.ts';

export const GET: APIRoute = async () => {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const pages = (await getPages()).map((page) => `${base}${page.path}`);
  return new Response(JSON.stringify({ pages, ids: {} }), { headers: { 'Content-Type': 'application/json' } });
};
