/**
 * `{{ … }}` values in a chart's title, description (alt text) and caption.
 * The title and description are filled in the spec itself, so the SVG, the
 * PNG and the published spec carry the numbers; the caption stays a template,
 * which the page prints with each value marked up (FilledText.astro).
 */
import type { Problem } from '../errors/report-error.ts';
import { positionOfPath } from '../errors/json-position.ts';
import type { LoadedChart } from '../pipeline/load-chart-spec.ts';
import { fillTemplate, hasPlaceholders, templateText, type ValueTable } from './values.ts';

/** Fill the chart's texts in place; the problems name the key and its line in the chart file (not those of a broken dataset: it has its own). */
export function fillChartTexts(chart: LoadedChart, tables: ReadonlyMap<string, ValueTable>, brokenDatasets: ReadonlySet<string> = new Set()): Problem[] {
  const problems: Problem[] = [];
  const fill = (text: string, path: string[]): string => {
    if (!hasPlaceholders(text)) return text;
    const filled = fillTemplate(text, tables, brokenDatasets);
    for (const p of filled.problems) problems.push({ file: chart.meta.file, ...positionOfPath(chart.text, path), field: path.join('.'), expected: p.expected, found: p.found, fix: p.fix });
    return templateText(filled.parts);
  };
  const spec = chart.spec as { title: unknown; description: string; usermeta: { caption: string } };
  if (typeof spec.title === 'string') chart.meta.title = spec.title = fill(spec.title, ['title']);
  chart.meta.description = spec.description = fill(spec.description, ['description']);
  spec.usermeta.caption = fill(spec.usermeta.caption, ['usermeta', 'caption']);
  return problems;
}
