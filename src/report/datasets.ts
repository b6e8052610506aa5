/**
 * Find every dataset in `data/` and check it against its row schema
 * `<name>.schema.ts`. A dataset is one of:
 *
 * - a file: `<name>.csv`, `.tsv`, `.json` (an array of objects), `.jsonl` or `.parquet`;
 * - a query: `<name>.sql`, a DuckDB query whose result is the dataset;
 * - a data loader: `<name>.<ext>.<lang>` (`results.csv.py`), a program whose
 *   standard output is the file `<name>.<ext>` (src/pipeline/data-loaders.ts).
 *
 * Which reader: a CSV of at most PAPAPARSE_MAX_BYTES is read by papaparse, row by
 * row, exactly as it always was (every message with its line). Everything else
 * is read by DuckDB (src/pipeline/read-with-duckdb.ts): larger CSVs, the other
 * formats and queries. A dataset of at most IN_MEMORY_ROWS rows ends up as typed
 * rows in memory whichever reader read it; a larger one stays in DuckDB, and
 * only the rows the chapters print (`<Value>`, headlines) are fetched.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quote, type Problem } from '../errors/report-error.ts';
import type { ColumnInfo, DatasetSchema, DatasetSource, DownloadPolicy } from '../pipeline/columns.ts';
import { DOWNLOAD_POLICIES } from '../pipeline/columns.ts';
import { LOADER_LANGUAGES, runLoader, type Loader } from '../pipeline/data-loaders.ts';
import { database, exclusive } from '../engines/duckdb.ts';
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from '../pipeline/load-csv.ts';
import { readDataset } from '../pipeline/read-dataset.ts';
import { exposeCsv, fetchRows, IN_MEMORY_ROWS, pruneViews, readWithDuckDB, schemaFingerprint, type DuckKind, type DuckSource } from '../pipeline/read-with-duckdb.ts';
import type { TypedTable } from '../pipeline/validate-rows.ts';
import { loadMapFile, MAP_FILE, type MapFile } from './map-files.ts';
import { loadChapterFiles } from './chapters.ts';
import { checkReadableFile } from './safe-file.ts';
import { workCounts } from './model.ts';

export const DATASET_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** The file kinds a dataset can be, by extension. */
export const DATA_EXTENSIONS: readonly DuckKind[] = ['csv', 'tsv', 'json', 'jsonl', 'parquet'];
/** CSVs up to this size are read by papaparse (in memory, as always); larger ones by DuckDB. */
export const PAPAPARSE_MAX_BYTES = 10_000_000;

export interface Dataset {
  name: string;
  /** The file the dataset comes from (data file, `.sql` or loader): named in messages and provenance. */
  file: string;
  schemaFile: string;
  kind: DuckKind;
  description: string;
  /** The dataset-level source from its schema, if it has one. */
  source?: DatasetSource;
  key: string;
  columns: { name: string; info: ColumnInfo }[];
  /** Every row when the dataset is held in memory; for a large one, only the rows the chapters print. */
  table: TypedTable;
  rowCount: number;
  /** Over IN_MEMORY_ROWS rows: the rows stay in DuckDB (the view `main."<name>"`). */
  large: boolean;
  download: DownloadPolicy;
  /** Changes when the data changed (SHA-256 of a file, or the digest of a loader's or a query's inputs). */
  digest: string;
  schema: DatasetSchema;
}

export interface DatasetsResult {
  datasets: Map<string, Dataset>;
  /** Maps (`<name>.topojson`, `<name>.geojson`), by file name: not tables, so kept apart from `datasets`. */
  maps: Map<string, MapFile>;
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
    const download = module.default.download;
    if (download !== undefined && !DOWNLOAD_POLICIES.includes(download)) {
      return { problem: { file: schemaFile, field: 'download', expected: `one of ${DOWNLOAD_POLICIES.map((p) => `"${p}"`).join(', ')}`, found: JSON.stringify(download) } };
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

/** Where a dataset comes from, before it is read. */
interface Source {
  name: string;
  kind: DuckKind;
  file: string;
  loader?: Loader;
}

/** What each file in data/ is: a data file, a query, a loader, a schema, or none of these (ignored). */
function classify(files: string[]): { sources: Source[]; schemas: string[]; problems: Problem[] } {
  const sources: Source[] = [];
  const schemas: string[] = [];
  const problems: Problem[] = [];
  for (const f of files) {
    if (f.endsWith('.schema.ts')) {
      schemas.push(f.slice(0, -'.schema.ts'.length));
      continue;
    }
    const parts = f.split('.');
    let source: Source | undefined;
    if (parts.length === 2 && (DATA_EXTENSIONS as string[]).includes(parts[1]!)) source = { name: parts[0]!, kind: parts[1] as DuckKind, file: `data/${f}` };
    else if (parts.length === 2 && parts[1] === 'sql') source = { name: parts[0]!, kind: 'sql', file: `data/${f}` };
    else if (parts.length === 3 && (DATA_EXTENSIONS as string[]).includes(parts[1]!) && parts[2]! in LOADER_LANGUAGES) {
      source = { name: parts[0]!, kind: parts[1] as DuckKind, file: `data/${f}`, loader: { file: `data/${f}`, output: `${parts[0]}.${parts[1]}`, lang: parts[2]! } };
    }
    if (!source) continue;
    const other = sources.find((s) => s.name === source.name);
    if (other) {
      problems.push({ file: source.file, expected: `one source for the dataset "${source.name}"`, found: `a second one (${other.file})`, fix: 'keep one of the two files' });
      continue;
    }
    sources.push(source);
  }
  return { sources, schemas, problems };
}

async function fileDigest(path: string, size: number): Promise<string> {
  // Above 256 MB hashing would cost seconds per stage: the size and modification time say enough.
  if (size > 256_000_000) return `size:${size}:mtime:${(await stat(path)).mtimeMs}`;
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Read one dataset; every problem is returned, never thrown. */
async function loadDataset(root: string, source: Source, hasSchema: boolean, digests: ReadonlyMap<string, string>): Promise<Dataset | Problem[]> {
  const { name, file } = source;
  const schemaFile = `data/${name}.schema.ts`;
  if (!DATASET_NAME.test(name)) {
    return [{ file, expected: 'a file name of lowercase letters, digits, "-" and "_"', found: JSON.stringify(file.slice('data/'.length)), fix: 'rename the file' }];
  }
  if (!hasSchema) {
    return [{ file, expected: `a row schema in ${schemaFile}`, found: 'no schema', fix: `create ${schemaFile} with defineDataset({ key, description, columns }) (see README: 'Add a dataset')` }];
  }
  // Links out of data/, folders and pipes are refused before anything is read or imported.
  const unreadable = (await checkReadableFile(root, schemaFile, 'data', 'a schema file')) ?? (source.loader ? undefined : await checkReadableFile(root, file, 'data', `a ${source.kind.toUpperCase()} file`));
  if (unreadable) return [unreadable];
  const { schema, problem } = await importDatasetSchema(root, schemaFile);
  if (!schema) return [problem!];
  const provenance = await checkProvenance(root, schemaFile, schema);
  if (provenance) return [provenance];
  const schemaText = await readFile(join(root, schemaFile), 'utf8');
  const base = {
    name,
    file,
    schemaFile,
    kind: source.kind,
    description: schema.description,
    ...(schema.source ? { source: { label: schema.source.label, url: schema.source.url } } : {}),
    key: schema.key,
    columns: Object.entries(schema.columns).map(([column, type]) => ({ name: column, info: type.columnInfo })),
    schema,
  };

  // The path DuckDB or papaparse reads, and the digest of the data.
  let path = join(root, file);
  let digest: string;
  if (source.loader) {
    const ran = await runLoader(root, source.loader);
    if (!ran.ok) return ran.problems;
    path = ran.path;
    digest = ran.digest;
  } else if (source.kind === 'sql') {
    const text = await readFile(path, 'utf8');
    // A query's result changes with its text, the datasets it reads and the files it names.
    const hash = createHash('sha256').update(text);
    for (const [other, d] of [...digests].sort()) if (text.includes(other)) hash.update(`\0${other}\0${d}`);
    for (const f of (await readdir(join(root, 'data'))).sort()) {
      if (text.includes(`data/${f}`)) {
        const info = await stat(join(root, 'data', f));
        hash.update(`\0${f}\0${info.size}\0${info.mtimeMs}`);
      }
    }
    digest = hash.digest('hex');
  } else {
    const info = await stat(path);
    if (!info.isFile()) return [{ file, expected: `a ${source.kind.toUpperCase()} file`, found: 'a folder', fix: 'move the folder out of data/, or rename it' }];
    digest = await fileDigest(path, info.size);
  }

  const size = (await stat(path)).size;
  workCounts().datasetsRead++;
  // PAPAPARSE_MAX_BYTES in the environment moves the line (npm run bench uses it to measure the in-memory path).
  if (source.kind === 'csv' && size <= (Number(process.env.PAPAPARSE_MAX_BYTES) || PAPAPARSE_MAX_BYTES)) {
    const validated = readDataset(await readFile(path), file, schema);
    if (!validated.ok) return validated.problems;
    const rowCount = validated.table.rows.length;
    return { ...base, table: validated.table, rowCount, large: false, download: schema.download ?? 'full', digest };
  }
  const duck: DuckSource = { name, kind: source.kind, file, path, fingerprint: `${digest}:${schemaFingerprint(schemaText)}` };
  const read = await readWithDuckDB(root, duck, schema);
  if (!read.ok) {
    // A CSV small enough for papaparse gets its messages from there: the exact lines, as for every CSV.
    if (source.kind === 'csv' && size <= MAX_CSV_BYTES) {
      const exact = readDataset(await readFile(path), file, schema);
      // papaparse stops at its own row limit; past it, DuckDB's messages stand.
      const limited = !exact.ok && exact.problems.some((p) => p.expected === `at most ${MAX_CSV_ROWS.toLocaleString('en-US')} data rows`);
      if (!exact.ok && !limited) return exact.problems;
    }
    return read.problems;
  }
  return { ...base, table: read.table, rowCount: read.rowCount, large: read.large, download: schema.download ?? (read.large ? 'chart-rows' : 'full'), digest };
}

/** Every file under content/ (chapters, chart specs, report.yaml), as text. */
async function contentTexts(root: string): Promise<string[]> {
  const entries = await readdir(join(root, 'content'), { recursive: true, withFileTypes: true }).catch(() => []);
  return Promise.all(entries.filter((e) => e.isFile() && /\.(mdx?|json|ya?ml)$/.test(e.name)).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
}

/** Keys of the rows the report prints, per dataset: `<Value dataset row>`, `{{ dataset="…" row="…" }}` and findings' headlines. */
async function rowsTheProsePrints(root: string): Promise<Map<string, Set<string>>> {
  const wanted = new Map<string, Set<string>>();
  const want = (dataset: unknown, row: unknown) => {
    if (typeof dataset !== 'string' || typeof row !== 'string') return;
    if (!wanted.has(dataset)) wanted.set(dataset, new Set());
    wanted.get(dataset)!.add(row);
  };
  const attribute = (text: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*"([^"]*)"\\s*\\})`).exec(text)?.slice(1).find((v) => v !== undefined);
  for (const text of await contentTexts(root)) {
    for (const [use] of text.matchAll(/<Value\b[^>]*>|\{\{[\s\S]*?\}\}/g)) want(attribute(use, 'dataset'), attribute(use, 'row'));
  }
  const { chapters } = await loadChapterFiles(root);
  for (const chapter of chapters) {
    const headline = (chapter.data as { headline?: { dataset?: unknown; row?: unknown } }).headline;
    if (headline) want(headline.dataset, headline.row);
  }
  return wanted;
}

/** Every dataset in `data/`, validated; datasets with problems are listed as broken. */
export function loadDatasets(root: string): Promise<DatasetsResult> {
  return exclusive(root, () => loadAll(root));
}

async function loadAll(root: string): Promise<DatasetsResult> {
  const datasets = new Map<string, Dataset>();
  const maps = new Map<string, MapFile>();
  const broken = new Set<string>();
  let files: string[];
  try {
    files = (await readdir(join(root, 'data'))).sort();
  } catch {
    return { datasets, maps, broken, problems: [] };
  }
  const { sources, schemas, problems } = classify(files);
  for (const file of files.filter((f) => MAP_FILE.test(f))) {
    const map = await loadMapFile(root, file);
    if ('json' in map) maps.set(file, map);
    else {
      problems.push(map);
      broken.add(file);
    }
  }
  for (const name of schemas) {
    if (!sources.some((s) => s.name === name)) {
      problems.push({ file: `data/${name}.schema.ts`, expected: `its data file data/${name}.csv`, found: 'no such file', fix: 'add the CSV, or delete the schema' });
    }
  }
  const record = (source: Source, result: Dataset | Problem[]) => {
    if (Array.isArray(result)) {
      problems.push(...result);
      broken.add(source.name);
    } else {
      datasets.set(source.name, result);
    }
  };
  // Files and loaders first; then queries, each once the datasets it reads are ready.
  for (const source of sources.filter((s) => s.kind !== 'sql')) record(source, await loadDataset(root, source, schemas.includes(source.name), new Map()));
  let queries = sources.filter((s) => s.kind === 'sql');
  if (queries.length > 0) {
    const db = await database(root);
    for (const d of datasets.values()) {
      if (d.kind === 'csv' && !d.large && !d.file.includes('.csv.')) await exposeCsv(root, d.name, join(root, d.file), d.table.columns, d.schema);
    }
    const names = new Set(sources.map((s) => s.name));
    const readsOf = new Map<string, string[]>();
    for (const q of queries) {
      let tables: string[] = [];
      try {
        tables = db.getTableNames(await readFile(join(root, q.file), 'utf8'), false).map((t) => t.split('.').at(-1)!.replace(/^"|"$/g, ''));
      } catch {
        // Not parseable: DuckDB says why when the query runs.
      }
      readsOf.set(q.name, tables.filter((t) => names.has(t) && t !== q.name));
    }
    while (queries.length > 0) {
      const ready = queries.filter((q) => readsOf.get(q.name)!.every((t) => datasets.has(t) || broken.has(t)));
      // A cycle: run the rest anyway, DuckDB names the missing table.
      const batch = ready.length > 0 ? ready : queries;
      for (const q of batch) {
        // A query over a broken dataset is not run: that dataset's own problems say what to fix.
        if (readsOf.get(q.name)!.some((t) => broken.has(t))) broken.add(q.name);
        else record(q, await loadDataset(root, q, schemas.includes(q.name), new Map([...datasets].map(([n, d]) => [n, d.digest]))));
      }
      queries = queries.filter((q) => !batch.includes(q));
    }
  }
  await pruneViews(root, new Set(datasets.keys()));
  // A large dataset brings into memory only the rows the report prints.
  if ([...datasets.values()].some((d) => d.large)) {
    const wanted = await rowsTheProsePrints(root);
    for (const dataset of datasets.values()) {
      const keys = wanted.get(dataset.name);
      if (!dataset.large || !keys) continue;
      const { rows, lines } = await fetchRows(root, { name: dataset.name, kind: dataset.kind, file: dataset.file, path: '', fingerprint: '' }, dataset.table.columns, dataset.schema, [...keys]);
      dataset.table = { ...dataset.table, rows, lines };
    }
  }
  return { datasets, maps, broken, problems };
}

export { IN_MEMORY_ROWS };
