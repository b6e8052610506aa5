/**
 * Load and check the whole report without Astro: report.yaml, datasets,
 * charts and chapters, and every reference between them. `npm run validate`
 * prints its problems; `npm run build` runs it before building.
 */
import { quote, type Problem } from '../errors/report-error.ts';
import type { Report } from '../schemas/report.ts';
import { loadChapterFiles, type ChapterFile } from './chapters.ts';
import { loadCharts, type CompiledChart } from './charts.ts';
import { loadDatasets, type Dataset } from './datasets.ts';
import { loadReportFile } from './report-file.ts';
import { loadReferences, REFERENCES_FILE, type Reference } from './references.ts';
import { suggestName } from '../pipeline/validate-rows.ts';

export interface CheckedReport {
  report?: Report;
  datasets: Map<string, Dataset>;
  charts: Map<string, CompiledChart>;
  chapters: ChapterFile[];
  problems: Problem[];
}

/** Find the row a `<Value>` or headline names; a problem explains what is missing. */
export function lookupValue(
  datasets: ReadonlyMap<string, Dataset>,
  ref: { dataset: string; row: string; field: string },
): { ok: true; value: unknown; dataset: Dataset; row: Record<string, unknown> } | { ok: false; part: 'dataset' | 'row' | 'field'; expected: string; found: string; fix?: string } {
  const dataset = datasets.get(ref.dataset);
  if (!dataset) {
    const guess = suggestName(ref.dataset, [...datasets.keys()]);
    return { ok: false, part: 'dataset', expected: `a dataset in data/ (${[...datasets.keys()].join(', ')})`, found: quote(ref.dataset), fix: guess ? `did you mean "${guess}"?` : undefined };
  }
  const row = dataset.table.rows.find((r) => String(r[dataset.key]) === ref.row);
  if (!row) {
    const keys = dataset.table.rows.map((r) => String(r[dataset.key]));
    const guess = suggestName(ref.row, keys);
    return { ok: false, part: 'row', expected: `a row of ${dataset.file} whose ${dataset.key} is ${quote(ref.row)}`, found: 'no such row', fix: guess ? `did you mean "${guess}"?` : `rows are named by the ${dataset.key} column` };
  }
  if (!dataset.table.columns.includes(ref.field)) {
    const guess = suggestName(ref.field, dataset.table.columns);
    return { ok: false, part: 'field', expected: `a column of ${dataset.file} (${dataset.table.columns.join(', ')})`, found: quote(ref.field), fix: guess ? `did you mean "${guess}"?` : undefined };
  }
  return { ok: true, value: row[ref.field], dataset, row };
}

interface Known {
  datasets: ReadonlyMap<string, Dataset>;
  charts: ReadonlyMap<string, CompiledChart>;
  /** Exist but failed their own checks: references to them are not reported twice. */
  brokenDatasets: ReadonlySet<string>;
  brokenCharts: ReadonlySet<string>;
  references: ReadonlyMap<string, Reference>;
}

function checkReferences(chapters: ChapterFile[], { datasets, charts, brokenDatasets, brokenCharts, references }: Known): Problem[] {
  const problems: Problem[] = [];
  const chartIds = [...charts.keys()];
  const unknownChart = (file: string, line: number | undefined, column: number | undefined, field: string, id: string): Problem => {
    const guess = suggestName(id, chartIds);
    return { file, line, column, field, expected: `a chart id from content/charts/ (${chartIds.join(', ')})`, found: quote(id), fix: guess ? `did you mean "${guess}"?` : `add content/charts/${id}.vl.json` };
  };
  const findingNumbers = new Map<number, string>();
  let caveatsFile: string | undefined;
  for (const chapter of chapters) {
    const { data, file } = chapter;
    if (data.kind === 'caveats') {
      if (caveatsFile) problems.push({ file, line: chapter.lineOf(['kind']), field: 'kind', expected: 'one caveats chapter', found: `a second one (the first is ${caveatsFile})`, fix: 'merge the caveats into one chapter' });
      caveatsFile ??= file;
    }
    if (data.kind === 'finding') {
      const other = findingNumbers.get(data.number);
      if (other) problems.push({ file, line: chapter.lineOf(['number']), field: 'number', expected: 'a finding number used once', found: `${data.number}, also used by ${other}`, fix: 'number the findings 1, 2, 3, 4' });
      findingNumbers.set(data.number, file);
      data.evidence.forEach((id) => {
        if (!charts.has(id) && !brokenCharts.has(id)) problems.push(unknownChart(file, chapter.lineOf(['evidence', data.evidence.indexOf(id)]), undefined, 'evidence', id));
      });
      const found = lookupValue(datasets, data.headline);
      if (!found.ok && brokenDatasets.has(data.headline.dataset)) continue;
      if (!found.ok) problems.push({ file, line: chapter.lineOf(['headline', found.part]), field: `headline.${found.part}`, expected: found.expected, found: found.found, fix: found.fix });
      else if (data.headline.from_field && !(data.headline.from_field in found.row)) problems.push({ file, line: chapter.lineOf(['headline']), field: 'headline.from_field', expected: `a column of ${found.dataset.file}`, found: quote(data.headline.from_field) });
      else if (typeof found.value !== 'number') problems.push({ file, line: chapter.lineOf(['headline']), field: 'headline', expected: 'a number for the headline', found: found.value === null ? 'an empty cell' : quote(String(found.value)), fix: 'pick a row whose value is filled in' });
    }
    for (const use of chapter.uses) {
      if (use.name === 'Chart' || use.name === 'Ref') {
        const id = use.attributes.id ?? use.attributes.chart ?? '';
        if (!charts.has(id) && !brokenCharts.has(id)) problems.push(unknownChart(file, use.line, use.column, `<${use.name}>`, id));
      }
      if (use.name === 'Cite') {
        for (const key of (use.attributes.key ?? '').split(',').map((k) => k.trim())) {
          if (references.has(key)) continue;
          const guess = suggestName(key, [...references.keys()]);
          problems.push({ file, line: use.line, column: use.column, field: '<Cite>', expected: `a key from ${REFERENCES_FILE} (${[...references.keys()].join(', ') || 'none yet'})`, found: quote(key), fix: guess ? `did you mean "${guess}"?` : `add an entry @online{${key}, ...} to ${REFERENCES_FILE}` });
        }
      }
      if (use.name === 'Value') {
        const { dataset = '', row = '', field = '' } = use.attributes;
        const found = lookupValue(datasets, { dataset, row, field });
        if (!found.ok && !brokenDatasets.has(dataset)) problems.push({ file, line: use.line, column: use.column, field: '<Value>', expected: found.expected, found: found.found, fix: found.fix });
      }
    }
  }
  const numbers = [...findingNumbers.keys()].sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    if (n !== i + 1) problems.push({ file: findingNumbers.get(n)!, field: 'number', expected: `findings numbered 1 to ${numbers.length} without gaps`, found: String(n) });
  });
  return problems;
}

export async function checkReport(root: string): Promise<CheckedReport> {
  const [reportFile, data, chapterFiles, bibliography] = await Promise.all([loadReportFile(root), loadDatasets(root), loadChapterFiles(root), loadReferences(root)]);
  const chartFiles = await loadCharts(root, data.datasets, data.broken, data.maps);
  const referenceProblems = checkReferences(chapterFiles.chapters, {
    datasets: data.datasets,
    charts: chartFiles.charts,
    brokenDatasets: data.broken,
    brokenCharts: chartFiles.broken,
    references: bibliography.references,
  });
  return {
    report: reportFile.report,
    datasets: data.datasets,
    charts: chartFiles.charts,
    chapters: chapterFiles.chapters,
    problems: [...reportFile.problems, ...bibliography.problems, ...data.problems, ...chapterFiles.problems, ...chartFiles.problems, ...referenceProblems],
  };
}
