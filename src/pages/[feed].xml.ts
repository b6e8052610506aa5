/** `/rss.xml`: the report and its chapters as an RSS feed. Built only when the site's address is known (feeds need absolute links). */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { fillText, getChapters, getPages, getReport, sectionId } from '../content-layer/queries.ts';
import { labelsOf } from '../schemas/report.ts';

export const getStaticPaths = (() => (import.meta.env.SITE ? [{ params: { feed: 'rss' } }] : [])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site }) => {
  const report = await getReport();
  const chapters = await getChapters();
  const home = new URL(import.meta.env.BASE_URL, site);
  const labels = labelsOf(report);
  const pages = await getPages();
  // Each chapter's link is to its section on the page that holds it.
  const pageOf = (id: string) => pages.find((p) => p.chapters.includes(id))!.path;
  return rss({
    title: report.title,
    description: report.abstract,
    site: home.href,
    items: await Promise.all(chapters.map(async (c) => ({
      title: c.data.kind === 'finding' ? `${labels.finding} ${c.data.number}: ${c.data.title}` : c.data.title,
      link: new URL(`${pageOf(sectionId(c))}#${sectionId(c)}`, home).href,
      description: c.data.kind === 'finding' ? (await fillText(c.data.claim)).text : (c.data.summary ?? report.subtitle ?? report.abstract),
      pubDate: new Date(`${report.date}T00:00:00Z`),
    }))),
  });
};
