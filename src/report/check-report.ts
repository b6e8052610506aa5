/**
 * Load and check the whole report without Astro: report.yaml, datasets,
 * charts and chapters, and every reference between them. `npm run validate`
 * prints its problems; `npm run build` runs it before building.
 */
import type { z } from 'zod';
import { quote, uniqueProblems, type Problem } from '../errors/report-error.ts';
import { keysAt } from '../errors/zod-problems.ts';
import type { Report } from '../schemas/report.ts';
import { loadChapterFiles, type ChapterFile } from './chapters.ts';
import { loadCharts, type CompiledChart } from './charts.ts';
import { loadDatasets, type Dataset } from './datasets.ts';
import { loadReportFile } from './report-file.ts';
import { readReferenceItems, REFERENCES_FILE } from './references.ts';
import { suggestName } from '../pipeline/validate-rows.ts';
import { isComponentName, MDX_COMPONENTS } from '../schemas/components.ts';
import { valueRefSchema, type ValueRef } from '../schemas/value.ts';
import { evaluateValue, fillTemplate, valueTablesOf } from './values.ts';

export interface CheckedReport {
  report?: Report;
  datasets: Map<string, Dataset>;
  charts: Map<string, CompiledChart>;
  chapters: ChapterFile[];
  problems: Problem[];
  /** The chart lint's findings when report.yaml has `chart_lint: warn` (the default); with `error` they are problems. */
  warnings: Problem[];
}

interface Known {
  datasets: ReadonlyMap<string, Dataset>;
  charts: ReadonlyMap<string, CompiledChart>;
  /** Exist but failed their own checks: references to them are not reported twice. */
  brokenDatasets: ReadonlySet<string>;
  brokenCharts: ReadonlySet<string>;
  /** The bibliography's keys (the checks never format it: that is the pages' job). */
  references: ReadonlySet<string>;
}

/** Every `<Component>` use against the registry: known name, known attributes of the right type. */
function checkComponentUse(file: string, use: ChapterFile['uses'][number]): Problem[] {
  const where = { file, line: use.line, column: use.column, field: `<${use.name}>` };
  if (!isComponentName(use.name)) {
    // Lower-case names are HTML elements, which MDX passes through.
    if (!/^[A-Z]/.test(use.name)) return [];
    const names = Object.keys(MDX_COMPONENTS);
    const lower = suggestName(use.name.toLowerCase(), names.map((n) => n.toLowerCase()));
    const guess = names.find((n) => n.toLowerCase() === lower);
    return [{ ...where, expected: `one of the components (${Object.keys(MDX_COMPONENTS).join(', ')})`, found: quote(use.name), fix: guess ? `did you mean <${guess}>?` : 'see README: "Add a chapter"' }];
  }
  const schema: z.ZodType = MDX_COMPONENTS[use.name];
  const parsed = schema.safeParse(use.rawAttributes);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, []);
      const guess = suggestName(issue.keys[0]!, known);
      return { ...where, expected: `attributes of <${use.name}> (${known.join(', ') || 'none'})`, found: `unknown attribute ${quote(issue.keys[0]!)}`, fix: guess ? `did you mean ${guess}?` : 'remove it' };
    }
    const name = String(issue.path[0] ?? '');
    const value = use.rawAttributes[name];
    const found = value === undefined ? 'nothing' : typeof value === 'object' ? `the expression {${value.expression}}` : value === true ? 'an attribute without a value' : quote(value);
    return { ...where, field: `<${use.name}> ${name}`.trim(), expected: issue.message.replace(/^Invalid input: expected /, '').replace(/, received \w+$/, '').replace(/^Invalid option: expected one of /, 'one of '), found, fix: typeof value === 'object' ? `write ${name}="…" with a plain string` : value === undefined && issue.code !== 'custom' ? `add ${name}="…"` : undefined };
  });
}

function checkReferences(chapters: ChapterFile[], { datasets, charts, brokenDatasets, brokenCharts, references }: Known): Problem[] {
  const problems: Problem[] = [];
  const tables = valueTablesOf(datasets);
  const chartIds = [...charts.keys()];
  const unknownChart = (file: string, line: number | undefined, column: number | undefined, field: string, id: string): Problem => {
    const guess = suggestName(id, chartIds);
    return { file, line, column, field, expected: `a chart id from content/charts/ (${chartIds.join(', ') || 'none yet'})`, found: quote(id), fix: guess ? `did you mean "${guess}"?` : `add content/charts/${id}.vl.json` };
  };
  /** A value reference: reported at `where`, unless its dataset has its own problems already. */
  const checkValue = (ref: ValueRef, where: (part: string) => Omit<Problem, 'expected'>) => {
    if (brokenDatasets.has(ref.dataset)) return;
    const found = evaluateValue(tables, ref);
    if (!found.ok) problems.push({ ...where(found.part), expected: found.expected, found: found.found, fix: found.fix });
  };
  const checkTemplate = (text: string, where: Omit<Problem, 'expected'>) => {
    const { problems: found } = fillTemplate(text, tables, brokenDatasets);
    for (const p of found) problems.push({ ...where, ...p, field: where.field });
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
      if (other) problems.push({ file, line: chapter.lineOf(['number']), field: 'number', expected: 'a finding number used once', found: `${data.number}, also used by ${other}`, fix: 'number the findings 1, 2, 3 … in order' });
      findingNumbers.set(data.number, file);
      data.evidence.forEach((id, i) => {
        if (!charts.has(id) && !brokenCharts.has(id)) problems.push(unknownChart(file, chapter.lineOf(['evidence', i]), undefined, 'evidence', id));
      });
      checkTemplate(data.claim, { file, line: chapter.lineOf(['claim']), field: 'claim' });
      const headline = data.headline;
      if (headline) {
        const { label, from_field, ...ref } = headline;
        const line = (part: string) => chapter.lineOf(['headline', part]) ?? chapter.lineOf(['headline']);
        const before = problems.length;
        checkValue(ref, (part) => ({ file, line: line(part), field: `headline.${part}` }));
        if (problems.length === before && from_field) checkValue({ ...ref, field: from_field }, () => ({ file, line: line('from_field'), field: 'headline.from_field' }));
        const found = problems.length === before && !brokenDatasets.has(ref.dataset) ? evaluateValue(tables, ref) : undefined;
        if (found?.ok && typeof found.value !== 'number') problems.push({ file, line: line('field'), field: 'headline', expected: 'a number for the headline', found: found.value === null || found.value === undefined ? 'an empty cell' : quote(String(found.value)), fix: 'pick a row whose value is filled in' });
        checkTemplate(label, { file, line: line('label'), field: 'headline.label' });
      }
    }
    for (const use of chapter.uses) {
      const attributeProblems = checkComponentUse(file, use);
      problems.push(...attributeProblems);
      if (attributeProblems.length > 0) continue;
      if (use.name === 'Chart' || use.name === 'Ref') {
        const id = use.attributes.id ?? use.attributes.chart ?? '';
        if (!charts.has(id) && !brokenCharts.has(id)) problems.push(unknownChart(file, use.line, use.column, `<${use.name}>`, id));
      }
      if (use.name === 'Cite') {
        for (const key of (use.attributes.key ?? '').split(',').map((k) => k.trim())) {
          if (references.has(key)) continue;
          const guess = suggestName(key, [...references]);
          problems.push({ file, line: use.line, column: use.column, field: '<Cite>', expected: `a key from ${REFERENCES_FILE} (${[...references].join(', ') || 'none yet'})`, found: quote(key), fix: guess ? `did you mean "${guess}"?` : `add an entry @online{${key}, ...} to ${REFERENCES_FILE}` });
        }
      }
      if (use.name === 'Value') {
        checkValue(valueRefSchema.parse(use.rawAttributes), () => ({ file, line: use.line, column: use.column, field: '<Value>' }));
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
  const [reportFile, data, chapterFiles, bibliography] = await Promise.all([loadReportFile(root), loadDatasets(root), loadChapterFiles(root), readReferenceItems(root)]);
  const chartFiles = await loadCharts(root, data.datasets, data.broken, data.maps, reportFile.report?.time_zone);
  const referenceProblems = checkReferences(chapterFiles.chapters, {
    datasets: data.datasets,
    charts: chartFiles.charts,
    brokenDatasets: data.broken,
    brokenCharts: chartFiles.broken,
    references: new Set(bibliography.items.map((item) => item.id)),
  });
  const lintIsError = reportFile.report?.chart_lint === 'error';
  return {
    report: reportFile.report,
    datasets: data.datasets,
    charts: chartFiles.charts,
    chapters: chapterFiles.chapters,
    problems: uniqueProblems([...reportFile.problems, ...bibliography.problems, ...data.problems, ...chapterFiles.problems, ...chartFiles.problems, ...referenceProblems, ...(lintIsError ? chartFiles.lintWarnings : [])]),
    warnings: lintIsError ? [] : chartFiles.lintWarnings,
  };
}
