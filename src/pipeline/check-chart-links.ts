/**
 * Stage: a chart spec -> problems for anything that would link away or load
 * from elsewhere when the chart is viewed.
 *
 * Decision: a chart draws its bound rows and nothing else. `image` marks and
 * `url` channels fetch pictures from addresses at view time (from any site the
 * data names), and `href` turns marks into links whose targets usually come
 * from CSV cells (`javascript:`, `data:` ...). Both are refused: a chart's
 * source is cited by `usermeta.source` and each row's `source_url`, which the
 * page prints as checked http(s) links. `data.url` is checked by load-chart-spec,
 * rows written in the spec by inline-datasets.ts.
 */
import type { Problem } from '../errors/report-error.ts';
import { positionOfPath } from '../errors/json-position.ts';

type Path = (string | number)[];

const FIX = "a chart may not load or link to anything; cite sources with usermeta.source and the data's source_url column";

/** Every `image` mark, `href` and `url` (outside `data`) in the spec, as problems at their line and column. */
export function checkChartLinks(spec: unknown, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path) => ({ file, ...positionOfPath(text, path), field: path.join('.') });
  const visit = (node: unknown, path: Path): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...path, i]));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      if (key === 'usermeta' && typeof value === 'object' && value !== null && 'embedOptions' in value) {
        // vega-embed on a host page obeys these (sourceHeader HTML, patch and config URLs): code that runs in the host's origin.
        problems.push({ ...at([...here, 'embedOptions']), expected: 'no usermeta.embedOptions', found: 'embedOptions', fix: 'the site publishes each spec for other sites to embed, and vega-embed would run these options on them; remove it' });
      }
      // Rows and metadata are not chart code; data.url has its own check.
      if (key === 'data' || key === 'datasets' || key === 'values' || key === 'usermeta') continue;
      if (key === 'mark' && (value === 'image' || (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'image'))) {
        problems.push({ ...at(here), expected: 'a mark drawn from the data (bar, line, point, rule, text, ...)', found: '"image"', fix: FIX });
      }
      if (key === 'href' || key === 'url') {
        problems.push({ ...at(here), expected: `no "${key}" in a chart`, found: `a "${key}" ${path.at(-1) === 'encoding' ? 'channel' : 'property'}`, fix: FIX });
        continue;
      }
      visit(value, here);
    }
  };
  visit(spec, []);
  return problems;
}
