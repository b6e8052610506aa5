/**
 * The embedded data engine: one DuckDB database per report, in
 * `.cache/data/datasets.duckdb`, shared by every stage of a build (the
 * pre-check, Astro's loaders, the pages) through DuckDB's own instance cache.
 *
 * Its memory is capped (DATA_MEMORY_LIMIT, default 384 MB) and it spills to
 * `.cache/data/tmp`, so a dataset of any size costs the build a bounded amount
 * of memory. When another process holds the database (a dev server next to
 * `npm run validate`), this process works in a private database of its own.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_CACHE = '.cache/data';

// Shared through globalThis: Astro loads this module once more inside Vite, and both copies must use one connection and one lock.
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('report.duckdb')] ??= { connections: new Map(), locks: new Map() }) as {
  connections: Map<string, Promise<DuckDBConnection>>;
  locks: Map<string, Promise<unknown>>;
};
const connections = shared.connections;

/**
 * Run `work` alone on the report's database: two loaders reading data/ at the
 * same time would otherwise replace each other's tables half-way.
 */
export function exclusive<T>(reportRoot: string, work: () => Promise<T>): Promise<T> {
  // Astro passes the root with a trailing slash, the scripts without: one report, one key.
  const root = resolve(reportRoot);
  const previous = shared.locks.get(root) ?? Promise.resolve();
  const next = previous.then(work, work);
  shared.locks.set(root, next.catch(() => {}));
  return next;
}

function settings(root: string, tempDir: string): Record<string, string> {
  return {
    memory_limit: process.env.DATA_MEMORY_LIMIT ?? '384MB',
    temp_directory: tempDir,
    // Relative paths in a `.sql` dataset ('data/runs.parquet') are relative to the report.
    file_search_path: root,
    // Keep rows in file order: row numbers in messages must name the row in the file.
    preserve_insertion_order: 'true',
  };
}

async function open(root: string): Promise<DuckDBConnection> {
  const dir = join(root, DATA_CACHE);
  await mkdir(join(dir, 'tmp'), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.fromCache(join(dir, 'datasets.duckdb'), settings(root, join(dir, 'tmp')));
  } catch (error) {
    // Locked by another process: a private database (re-imports, but works).
    if (!/lock/i.test((error as Error).message)) throw error;
    const own = await mkdtemp(join(tmpdir(), 'report-duckdb-'));
    instance = await DuckDBInstance.create(join(own, 'datasets.duckdb'), settings(root, join(own, 'tmp')));
  }
  const connection = await instance.connect();
  await connection.run('CREATE SCHEMA IF NOT EXISTS raw');
  await connection.run('CREATE TABLE IF NOT EXISTS raw.__datasets (name VARCHAR PRIMARY KEY, fingerprint VARCHAR, row_count BIGINT, header VARCHAR[])');
  return connection;
}

/** The report's database connection (opened once per process and root). */
export function database(reportRoot: string): Promise<DuckDBConnection> {
  const root = resolve(reportRoot);
  let connection = connections.get(root);
  if (!connection) {
    connection = open(root);
    connections.set(root, connection);
    connection.catch(() => connections.delete(root));
  }
  return connection;
}

/** `"name"` as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'` as an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** DuckDB's BIGINTs come back as bigint; the site's rows hold plain numbers. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Every row of a query as plain objects (only for results known to be small). */
export async function allRows(connection: DuckDBConnection, sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, values);
  const names = reader.columnNames();
  return reader.getRowsJS().map((row) => Object.fromEntries(row.map((v, i) => [names[i]!, plain(v)])));
}

/** Stream a query's rows in DuckDB's chunks (about 2,048 rows): only one chunk is in memory at a time. */
export async function* streamRows(connection: DuckDBConnection, sql: string): AsyncGenerator<unknown[][]> {
  const result = await connection.stream(sql);
  for await (const rows of result.yieldRowsJs()) yield rows as unknown[][];
}

/** The first line of a DuckDB error, without its "Binder Error:"-style prefix noise. */
export function duckdbMessage(error: unknown): string {
  return String((error as Error).message ?? error)
    .split('\n')
    .filter((l) => l.trim() !== '')[0]!
    .trim();
}
