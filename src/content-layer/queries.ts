/** What pages and components read: the collections, sorted and cross-referenced. */
import { getCollection, getEntry } from 'astro:content';
import { mdxToMdast } from 'satteri';
import { formatValue } from '../pipeline/format-value.ts';
import { formatProblems } from '../errors/report-error.ts';
import { loadCharts } from '../report/charts.ts';
import { loadDatasets } from '../report/datasets.ts';
import type { ValueRef } from '../schemas/chapter.ts';
import type { ChartEntry, DatasetEntry } from './entries.ts';

/**
 * In `astro dev`, stop rendering while data/ or content/charts/ has problems,
 * so the error overlay shows them. Checked afresh on every render: the
 * collections keep their last good state and may lag behind the files.
 */
export async function throwCurrentProblems(): Promise<void> {
  if (!import.meta.env.DEV) return;
  const root = import.meta.env.REPORT_ROOT as string;
  const data = await loadDatasets(root);
  const charts = await loadCharts(root, data.datasets, data.broken, data.maps);
  const problems = [...data.problems, ...charts.problems];
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

export async function getChart(id: string): Promise<ChartEntry> {
  const entry = await getEntry('charts', id);
  if (!entry) throw new Error(`unknown chart id "${id}": add content/charts/${id}.vl.json or fix the id`);
  return entry.data;
}

export async function getCharts(): Promise<ChartEntry[]> {
  return (await getCollection('charts')).map((e) => e.data).sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

export async function getDataset(name: string): Promise<DatasetEntry> {
  const entry = await getEntry('datasets', name);
  if (!entry) throw new Error(`unknown dataset "${name}": add data/${name}.csv and data/${name}.schema.ts`);
  return entry.data;
}

/** The row a `<Value>` or a headline names. */
export async function getRow(dataset: string, row: string): Promise<{ dataset: DatasetEntry; row: Record<string, unknown> }> {
  const table = await getDataset(dataset);
  const found = table.rows.find((r) => String(r[table.key]) === row);
  if (!found) throw new Error(`${table.file}: no row whose ${table.key} is "${row}"`);
  return { dataset: table, row: found };
}

export async function readValue(ref: Pick<ValueRef, 'dataset' | 'row' | 'field'> & { format?: ValueRef['format'] }): Promise<{ text: string; value: unknown; source: string }> {
  const { dataset, row } = await getRow(ref.dataset, ref.row);
  if (!dataset.columns.some((c) => c.name === ref.field)) throw new Error(`${dataset.file}: no column "${ref.field}"`);
  const value = row[ref.field];
  return { text: formatValue(value, ref.format ?? 'number'), value, source: String(row.source_url ?? '') };
}

interface Node {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
}

/** Values of `attribute` on every `<component>` in reading order, first use only (comma-separated lists split). */
function attributeValuesInOrder(node: Node, component: string, attribute: string, out: string[]): string[] {
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === component) {
    const value = node.attributes?.find((a) => a.name === attribute)?.value;
    if (typeof value === 'string') for (const v of value.split(',').map((s) => s.trim())) if (!out.includes(v)) out.push(v);
  }
  for (const child of node.children ?? []) attributeValuesInOrder(child, component, attribute, out);
  return out;
}

// Each chapter body is parsed once per version of the chapters, not once per <Chart> or <Cite>:
// on a report with a thousand charts that was most of the build.
let parsed: { key: string; trees: Node[]; numbers: Map<string, Map<string, number>> } | undefined;

async function chapterTrees(): Promise<NonNullable<typeof parsed>> {
  const chapters = await getChapters();
  const key = chapters.map((c) => `${c.id}:${c.digest ?? c.body?.length}`).join('|');
  if (parsed?.key !== key) {
    parsed = { key, trees: chapters.map((c) => mdxToMdast(c.body ?? '') as unknown as Node), numbers: new Map() };
  }
  return parsed;
}

async function numberInReadingOrder(component: string, attribute: string): Promise<Map<string, number>> {
  const { trees, numbers } = await chapterTrees();
  const id = `${component}.${attribute}`;
  let result = numbers.get(id);
  if (!result) {
    const values: string[] = [];
    for (const tree of trees) attributeValuesInOrder(tree, component, attribute, values);
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
