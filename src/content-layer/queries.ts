/** What pages and components read: the collections, sorted and cross-referenced. */
import { getCollection, getEntry } from 'astro:content';
import type { ComponentUse } from '../report/chapters.ts';
import { formatLintWarnings, formatProblems } from '../errors/report-error.ts';
import { loadReportModel } from '../report/model.ts';
import type { CheckedReport } from '../report/check-report.ts';
import { lastChanged } from '../report/data-history.ts';
import type { ValueRef } from '../schemas/value.ts';
import { evaluateValue, fillTemplate, templateText, type TemplatePart, type ValueFound, type ValueTable } from '../report/values.ts';
import { quote } from '../errors/report-error.ts';
import type { ChartEntry, DatasetEntry } from './entries.ts';
import { planPages, type PageMode, type ReportPage } from '../report/pages.ts';

/** Models whose lint warnings `astro dev` has printed already. */
const warned = new WeakSet<object>();

/**
 * In `astro dev`, stop rendering while data/ or content/charts/ has problems,
 * so the error overlay shows them. Checked afresh on every render: the
 * collections keep their last good state and may lag behind the files.
 */
export async function throwCurrentProblems(): Promise<void> {
  if (!import.meta.env.DEV) return;
  const root = import.meta.env.REPORT_ROOT as string;
  // The same model the loaders use: loaded again only when a file changed.
  const model = await loadReportModel(root);
  // The chart lint's warnings go to the terminal, once per version of the files; the page still renders.
  if (model.warnings.length > 0 && !warned.has(model)) {
    warned.add(model);
    console.warn(formatLintWarnings(model.warnings));
  }
  const problems = model.problems.filter((p) => p.file.startsWith('data/') || p.file.startsWith('content/charts/'));
  if (problems.length > 0) throw new Error(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the report's files:\n${formatProblems(problems)}`);
}

export async function getReport() {
  const entry = await getEntry('report', 'report');
  if (!entry) throw new Error('content/report.yaml is missing');
  return entry.data;
}

/** Chapters in reading order (frontmatter `order`, then file name). */
export async function getChapters() {
  const chapters = await getCollection('chapters');
  return chapters.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** The HTML id of a chapter's section: the caveats chapter is always `#caveats`. */
export function sectionId(chapter: { id: string; data: { kind: string } }): string {
  return chapter.data.kind === 'caveats' ? 'caveats' : chapter.id;
}

/**
 * Charts and datasets come from the report model (src/report/model.ts), the
 * one the pre-check built, not from Astro's data store: a thousand charts'
 * SVGs, specs and rows would otherwise be copied into the store, serialised
 * and bundled into the build (gigabytes at that size), to be read back here.
 */
// In a build the model is the pre-check's, and the files are not looked at again; `astro dev`
// checks them on every render, so an edit shows at the next reload.
const reportModel = () => loadReportModel(import.meta.env.REPORT_ROOT as string, { trust: !import.meta.env.DEV });

/** What `make` derives from the report model, made once per version of the model. */
function perModel<T>(make: (model: CheckedReport) => T): () => Promise<T> {
  const made = new WeakMap<CheckedReport, T>();
  return async () => {
    const model = await reportModel();
    if (!made.has(model)) made.set(model, make(model));
    return made.get(model)!;
  };
}

const chartMap = perModel((model): Map<string, ChartEntry> => {
  const entries = [...model.charts.values()]
    .map(({ vegaSpec: _download, ...chart }) => ({ ...chart, pageVegaSpec: chart.pageVegaSpec as Record<string, unknown>, narrowVegaSpec: chart.narrowVegaSpec as Record<string, unknown> }))
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  return new Map(entries.map((c) => [c.meta.id, c]));
});

export async function getCharts(): Promise<ChartEntry[]> {
  return [...(await chartMap()).values()];
}

export async function getChart(id: string): Promise<ChartEntry> {
  const chart = (await chartMap()).get(id);
  if (!chart) throw new Error(`unknown chart id "${id}": add content/charts/${id}.vl.json or fix the id`);
  return chart;
}

/** Every dataset, by name, as the pages print it (rows, columns, provenance, when it last changed: git, asked once per version). */
export const getDatasets = perModel((model): Promise<DatasetEntry[]> => {
  const root = import.meta.env.REPORT_ROOT as string;
  const changed = lastChanged(root, [...model.datasets.values()].map((d) => d.file));
  return Promise.all(
    [...model.datasets.values()].map(async (dataset) => ({
      name: dataset.name,
      file: dataset.file,
      description: dataset.description,
      ...(dataset.source ? { source: dataset.source } : {}),
      key: dataset.key,
      columns: dataset.columns,
      rows: dataset.table.rows,
      lines: dataset.table.lines,
      rowCount: dataset.rowCount,
      large: dataset.large,
      download: dataset.download,
      changedAt: (await changed).get(dataset.file)!,
    })),
  ).then((all) => all.sort((a, b) => a.name.localeCompare(b.name)));
});

export async function getDataset(name: string): Promise<DatasetEntry> {
  const dataset = (await getDatasets()).find((d) => d.name === name); // a few hundred at most
  if (!dataset) throw new Error(`unknown dataset "${name}": add data/${name}.csv and data/${name}.schema.ts`);
  return dataset;
}

/** The datasets as value tables, for `<Value>`, headlines and `{{ … }}` placeholders. */
export const getValueTables = perModel(async (): Promise<Map<string, ValueTable>> => {
  const entries = await getDatasets();
  return new Map(entries.map((d) => [d.name, { name: d.name, file: d.file, key: d.key, columns: d.columns.map((c) => c.name), rows: d.rows, sourceUrl: d.source?.url, ...(d.large ? { large: { rowCount: d.rowCount } } : {}) }]));
});

/** The value a reference names, as printed; the pre-check has already reported a bad reference. */
export async function readValue(ref: ValueRef): Promise<ValueFound> {
  const found = evaluateValue(await getValueTables(), ref);
  if (!found.ok) throw new Error(`${ref.dataset} ${found.part}: expected ${found.expected}, got ${found.found}`);
  return found;
}

/** A text with `{{ … }}` values filled in, as parts (so values can be marked up) and as plain text. */
export async function fillText(text: string): Promise<{ parts: TemplatePart[]; text: string }> {
  const { parts, problems } = fillTemplate(text, await getValueTables());
  if (problems.length > 0) throw new Error(`${quote(text)}: expected ${problems[0]!.expected}, got ${problems[0]!.found}`);
  return { parts, text: templateText(parts) };
}

/** Values of `attribute` on every `<component>` in reading order, first use only (comma-separated lists split). */
function attributeValuesInOrder(uses: ComponentUse[], component: string, attribute: string, out: string[]): string[] {
  for (const use of uses) {
    if (use.name !== component) continue;
    const value = use.attributes[attribute];
    if (value !== undefined) for (const v of value.split(',').map((s) => s.trim())) if (!out.includes(v)) out.push(v);
  }
  return out;
}

// The components each chapter uses, in reading order, from the chapters the report model parsed
// (src/report/chapters.ts): the chapters are parsed once per version, for the checks and the pages alike.
interface ChapterState {
  key: string;
  uses: ComponentUse[][];
  numbers: Map<string, Map<string, number>>;
  layouts: Map<PageMode, Promise<Layout>>;
}
let parsed: ChapterState | undefined;

async function chapterTrees(): Promise<ChapterState> {
  const [chapters, model] = await Promise.all([getChapters(), reportModel()]);
  const key = chapters.map((c) => `${c.id}:${c.digest ?? c.body?.length}`).join('|');
  if (parsed?.key !== key) {
    const byFile = new Map(model.chapters.map((c) => [c.file, c.uses]));
    const uses = chapters.map((c) => {
      const found = byFile.get(c.filePath ?? '');
      if (!found) throw new Error(`${c.filePath ?? c.id}: not among the chapters the report's checks read; run npm run validate`);
      return found;
    });
    parsed = { key, uses, numbers: new Map(), layouts: new Map() };
  }
  return parsed;
}

async function numberInReadingOrder(component: string, attribute: string): Promise<Map<string, number>> {
  const { uses, numbers } = await chapterTrees();
  const id = `${component}.${attribute}`;
  let result = numbers.get(id);
  if (!result) {
    const values: string[] = [];
    for (const chapter of uses) attributeValuesInOrder(chapter, component, attribute, values);
    result = new Map(values.map((v, i) => [v, i + 1]));
    numbers.set(id, result);
  }
  return result;
}

/** Figure numbers in reading order: the n-th `<Chart>` in the report is "Figure n". */
export function getFigureNumbers(): Promise<Map<string, number>> {
  return numberInReadingOrder('Chart', 'id');
}

/** Reference numbers in order of first citation: the first `<Cite>`d work is [1]. */
export function getCitationNumbers(): Promise<Map<string, number>> {
  return numberInReadingOrder('Cite', 'key');
}

export async function getReference(key: string) {
  const entry = await getEntry('references', key);
  if (!entry) throw new Error(`<Cite key="${key}">: no entry "${key}" in content/references.bib`);
  return entry.data;
}

interface Layout {
  pages: ReportPage[];
  /** Where each link target lives: a chapter's section id, `figure-<chart>`, `ref-<key>` → its page's path. */
  places: Map<string, string>;
}

// Once per version of the chapters and `pages:` setting (report.yaml can change in `astro dev`).
async function layout(): Promise<Layout> {
  const state = await chapterTrees();
  const mode = (await getReport()).pages;
  if (!state.layouts.has(mode)) state.layouts.set(mode, (async () => {
    const chapters = await getChapters();
    const planned = chapters.map((c, i) => ({ id: sectionId(c), charts: attributeValuesInOrder(state.uses[i]!, 'Chart', 'id', []) }));
    const pages = planPages(mode, planned);
    const places = new Map<string, string>();
    const pathOf = (id: string) => pages.find((p) => p.chapters.includes(id))!.path;
    for (const chapter of planned) {
      places.set(chapter.id, pathOf(chapter.id));
      for (const chart of chapter.charts) places.set(`figure-${chart}`, pathOf(chapter.id));
    }
    // The references list is on the page of the chapter that prints it (<References />).
    const listedIn = planned.find((_, i) => state.uses[i]!.some((use) => use.name === 'References'));
    if (listedIn) for (const key of (await getCitationNumbers()).keys()) places.set(`ref-${key}`, pathOf(listedIn.id));
    return { pages, places };
  })());
  return state.layouts.get(mode)!;
}

/** The report's pages: one, or the front page and one per further chapter (src/report/pages.ts). */
export async function getPages(): Promise<ReportPage[]> {
  return (await layout()).pages;
}

/** The path of the page being rendered under the site's base: `''` or `'<slug>/'`. */
export function pagePath(url: URL): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname.replace(/^\//, '');
  const trimmed = path.replace(/(^|\/)index\.html$/, '').replace(/\/+$/, '');
  return trimmed ? `${trimmed}/` : '';
}

/** A link to a chapter, figure or reference: `#id` on its own page, `<base><page>#id` from any other page. */
export async function hrefTo(id: string, from: URL): Promise<string> {
  // An id no chapter holds (a chart placed nowhere) is looked for on the front page, as before pages.
  const target = (await layout()).places.get(id) ?? '';
  if (target === pagePath(from)) return `#${id}`;
  return `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${target}#${id}`;
}
