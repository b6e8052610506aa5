/**
 * Find every dataset in `data/`: each `<name>.csv` pairs with `<name>.schema.ts`.
 * Load, validate and return the typed tables, or every problem found.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quote, type Problem } from '../errors/report-error.ts';
import type { ColumnInfo, DatasetSchema, DatasetSource } from '../pipeline/columns.ts';
import { MAX_CSV_BYTES, tooLargeProblem } from '../pipeline/load-csv.ts';
import { readDataset } from '../pipeline/read-dataset.ts';
import { workCounts } from './model.ts';
import type { TypedTable } from '../pipeline/validate-rows.ts';

export const DATASET_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export interface Dataset {
  name: string;
  file: string;
  schemaFile: string;
  description: string;
  /** The dataset-level source from its schema, if it has one. */
  source?: DatasetSource;
  key: string;
  columns: { name: string; info: ColumnInfo }[];
  table: TypedTable;
  /** The file's bytes, hashed to tell when the data changed. */
  bytes: Uint8Array;
  /** SHA-256 of the bytes (hex): a cheap way to tell when the data changed. */
  digest: string;
}

export interface DatasetsResult {
  datasets: Map<string, Dataset>;
  /** Datasets that exist but failed their checks: what depends on them is not checked again. */
  broken: Set<string>;
  problems: Problem[];
}

function isDatasetSchema(value: unknown): value is DatasetSchema {
  return typeof value === 'object' && value !== null && 'rowSchema' in value && 'columns' in value && 'key' in value;
}

/** Import a dataset's schema module; a broken module is a problem, not a crash. */
export async function importDatasetSchema(root: string, schemaFile: string): Promise<{ schema?: DatasetSchema; problem?: Problem }> {
  try {
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(root, schemaFile)).href)) as { default?: unknown };
    if (!isDatasetSchema(module.default)) {
      return { problem: { file: schemaFile, expected: 'a default export made with defineDataset({ key, description, columns })', found: `${typeof module.default === 'undefined' ? 'no default export' : 'something else'}`, fix: "see README: 'Add a dataset'" } };
    }
    return { schema: module.default };
  } catch (error) {
    return { problem: { file: schemaFile, expected: 'a schema module that loads', found: (error as Error).message.split('\n')[0] } };
  }
}

/**
 * Every number needs a source: the schema's `source` (one for the whole table),
 * or a `source_url` column (one per row). Checked here, not by the type checker,
 * so `npm run validate` says it with the line to fix.
 */
async function checkProvenance(root: string, schemaFile: string, schema: DatasetSchema): Promise<Problem | undefined> {
  const file = { file: schemaFile, field: 'source' };
  if (schema.source !== undefined) {
    const url = typeof schema.source === 'object' && schema.source !== null ? schema.source.url : undefined;
    const ok = typeof schema.source?.label === 'string' && schema.source.label.length > 0 && typeof url === 'string' && /^https?:\/\/[^\s]+$/.test(url);
    if (ok) return undefined;
    const line = await lineOfText(root, schemaFile, /\bsource\s*:/);
    return { ...file, line, expected: 'source: { label: "…", url: "https://…" }', found: quote(JSON.stringify(schema.source)), fix: 'give the source a label and an http(s) address' };
  }
  if ('source_url' in schema.columns) return undefined;
  const line = await lineOfText(root, schemaFile, /defineDataset\s*\(/);
  return {
    ...file,
    line,
    expected: 'where the numbers come from: a dataset-level source, or a source_url column',
    found: 'neither',
    fix: 'add source: { label: "My experiment, 2026", url: "https://…" } to defineDataset, or a source_url: sourceUrl() column naming each row\'s source',
  };
}

/** 1-based line of the first match in a file, for problems about a schema module. */
async function lineOfText(root: string, file: string, pattern: RegExp): Promise<number | undefined> {
  const text = await readFile(join(root, file), 'utf8').catch(() => '');
  const index = text.search(pattern);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

/** Load and validate one dataset; every problem is returned, never thrown. */
async function loadDataset(root: string, name: string, hasSchema: boolean): Promise<Dataset | Problem[]> {
  const file = `data/${name}.csv`;
  const schemaFile = `data/${name}.schema.ts`;
  if (!DATASET_NAME.test(name)) {
    return [{ file, expected: 'a file name of lowercase letters, digits, "-" and "_"', found: JSON.stringify(`${name}.csv`), fix: 'rename the file' }];
  }
  if (!hasSchema) {
    return [{ file, expected: `a row schema in ${schemaFile}`, found: 'no schema', fix: `create ${schemaFile} with defineDataset({ key, description, columns }) (see README: 'Add a dataset')` }];
  }
  const { schema, problem } = await importDatasetSchema(root, schemaFile);
  if (!schema) return [problem!];
  const provenance = await checkProvenance(root, schemaFile, schema);
  if (provenance) return [provenance];
  // Refuse an oversized file before reading it: the limit exists to bound memory.
  const info = await stat(join(root, file));
  if (!info.isFile()) return [{ file, expected: 'a CSV file', found: 'a folder', fix: 'move the folder out of data/, or rename it' }];
  if (info.size > MAX_CSV_BYTES) return [tooLargeProblem(file, info.size)];
  // A Buffer is a Uint8Array: no copy of a possibly large file.
  const bytes = await readFile(join(root, file));
  workCounts().datasetsRead++;
  const validated = readDataset(bytes, file, schema);
  if (!validated.ok) return validated.problems;
  return {
    name,
    file,
    schemaFile,
    description: schema.description,
    ...(schema.source ? { source: { label: schema.source.label, url: schema.source.url } } : {}),
    key: schema.key,
    columns: Object.entries(schema.columns).map(([column, type]) => ({ name: column, info: type.columnInfo })),
    table: validated.table,
    bytes,
    digest: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Every dataset in `data/`, validated; datasets with problems are listed as broken. */
export async function loadDatasets(root: string): Promise<DatasetsResult> {
  const datasets = new Map<string, Dataset>();
  const broken = new Set<string>();
  const problems: Problem[] = [];
  let files: string[];
  try {
    files = (await readdir(join(root, 'data'))).sort();
  } catch {
    return { datasets, broken, problems };
  }
  const csvNames = files.filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4));
  const schemaNames = files.filter((f) => f.endsWith('.schema.ts')).map((f) => f.slice(0, -'.schema.ts'.length));
  for (const name of schemaNames) {
    if (!csvNames.includes(name)) {
      problems.push({ file: `data/${name}.schema.ts`, expected: `its data file data/${name}.csv`, found: 'no such file', fix: 'add the CSV, or delete the schema' });
    }
  }
  for (const name of csvNames) {
    const result = await loadDataset(root, name, schemaNames.includes(name));
    if (Array.isArray(result)) {
      problems.push(...result);
      broken.add(name);
    } else {
      datasets.set(name, result);
    }
  }
  return { datasets, broken, problems };
}
