/** `/CITATION.cff`: the Citation File Format record of the work, from report.yaml. */
import type { APIRoute } from 'astro';
import { stringify } from 'yaml';
import { getReport } from '../content-layer/queries.ts';

export const GET: APIRoute = async ({ site }) => {
  const report = await getReport();
  const authors = report.authors.map((a) => {
    const parts = a.name.trim().split(/\s+/);
    const family = parts.pop()!;
    return { 'family-names': family, 'given-names': parts.join(' '), ...(a.affiliation ? { affiliation: a.affiliation } : {}), ...(a.orcid ? { orcid: `https://orcid.org/${a.orcid}` } : {}) };
  });
  const url = report.citation?.url ?? (site ? new URL(import.meta.env.BASE_URL, site).href : report.sources[0]?.url);
  const cff = {
    'cff-version': '1.2.0',
    message: 'If you use this work, please cite it as below.',
    title: report.title,
    // The record names the cited work's authors. A summary's abstract is the site's own words, not
    // theirs, so it carries only the abstract given for the cited work (citation.abstract), if any.
    ...(report.kind === 'summary' ? (report.citation?.abstract ? { abstract: report.citation.abstract } : {}) : { abstract: report.abstract }),
    authors,
    'date-released': report.date,
    ...(url ? { url } : {}),
    'preferred-citation': {
      type: 'article',
      title: report.title,
      authors,
      year: Number(report.date.slice(0, 4)),
      month: Number(report.date.slice(5, 7)),
      ...(url ? { url } : {}),
      ...(report.citation?.container ? { journal: report.citation.container } : {}),
      ...(report.citation?.publisher ? { publisher: { name: report.citation.publisher } } : {}),
    },
  };
  return new Response(stringify(cff), { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });
};
