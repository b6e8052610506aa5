/** `/rss.xml`: the report and its chapters as an RSS feed. Built only when the site's address is known (feeds need absolute links). */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getChapters, getReport, sectionId } from '../content-layer/queries.ts';

export const getStaticPaths = (() => (import.meta.env.SITE ? [{ params: { feed: 'rss' } }] : [])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site }) => {
  const report = await getReport();
  const chapters = await getChapters();
  const home = new URL(import.meta.env.BASE_URL, site);
  return rss({
    title: report.title,
    description: report.abstract,
    site: home.href,
    items: chapters.map((c) => ({
      title: c.data.kind === 'finding' ? `Finding ${c.data.number}: ${c.data.title}` : c.data.title,
      link: new URL(`#${sectionId(c)}`, home).href,
      description: c.data.kind === 'finding' ? c.data.claim : (c.data.summary ?? report.subtitle),
      pubDate: new Date(`${report.date}T00:00:00Z`),
    })),
  });
};
