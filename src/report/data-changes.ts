/**
 * What changed in the data since the last successful build: rows added,
 * removed and changed per dataset (rows are matched by their key). The
 * snapshot is written only after a build succeeds.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Dataset } from './datasets.ts';
import { printable } from '../errors/report-error.ts';

/** dataset -> row key -> hash of the row's values. */
export type DataSnapshot = Record<string, Record<string, string>>;

export interface DatasetChange {
  name: string;
  status: 'new' | 'removed' | 'changed' | 'unchanged';
  added: string[];
  removed: string[];
  changed: string[];
}

export const SNAPSHOT_FILE = '.build-state/data-snapshot.json';

export function snapshotOf(datasets: ReadonlyMap<string, Dataset>): DataSnapshot {
  const snapshot: DataSnapshot = {};
  for (const [name, dataset] of datasets) {
    const rows: Record<string, string> = {};
    // A large dataset's rows stay in DuckDB: it is compared as a whole, by its digest.
    if (dataset.large) {
      snapshot[name] = { [`(all ${dataset.rowCount.toLocaleString('en-US')} rows)`]: dataset.digest };
      continue;
    }
    for (const row of dataset.table.rows) {
      rows[String(row[dataset.key])] = createHash('sha256').update(JSON.stringify(dataset.table.columns.map((c) => row[c] ?? null))).digest('base64url').slice(0, 16);
    }
    snapshot[name] = rows;
  }
  return snapshot;
}

export function diffSnapshots(previous: DataSnapshot, next: DataSnapshot): DatasetChange[] {
  const names = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  return names.map((name) => {
    const before = previous[name];
    const after = next[name];
    if (!before) return { name, status: 'new', added: Object.keys(after!), removed: [], changed: [] };
    if (!after) return { name, status: 'removed', added: [], removed: Object.keys(before), changed: [] };
    const added = Object.keys(after).filter((k) => !(k in before));
    const removed = Object.keys(before).filter((k) => !(k in after));
    const changed = Object.keys(after).filter((k) => k in before && before[k] !== after[k]);
    const status = added.length + removed.length + changed.length > 0 ? 'changed' : 'unchanged';
    return { name, status, added, removed, changed };
  });
}

function list(keys: string[]): string {
  // Row keys are CSV cells: a terminal escape in one (ESC]52 writes the clipboard) is printed escaped.
  const shown = keys.slice(0, 5).map(printable).join(', ');
  return keys.length > 5 ? `${shown}, … ${keys.length - 5} more` : shown;
}

/** One line per dataset, for the build log. */
export function formatChanges(changes: DatasetChange[], firstBuild: boolean): string {
  if (firstBuild) return `data: ${changes.length} dataset${changes.length === 1 ? '' : 's'} (first build here, nothing to compare with)`;
  const lines = changes.map((c) => {
    if (c.status === 'new') return `  data/${c.name}.csv: new dataset, ${c.added.length} rows`;
    if (c.status === 'removed') return `  data/${c.name}.csv: removed (had ${c.removed.length} rows)`;
    if (c.status === 'unchanged') return `  data/${c.name}.csv: unchanged`;
    const parts = [
      c.added.length ? `${c.added.length} added (${list(c.added)})` : '',
      c.removed.length ? `${c.removed.length} removed (${list(c.removed)})` : '',
      c.changed.length ? `${c.changed.length} changed (${list(c.changed)})` : '',
    ].filter(Boolean);
    return `  data/${c.name}.csv: ${parts.join(', ')}`;
  });
  return `data changes since the last successful build:\n${lines.join('\n')}`;
}

export async function readSnapshot(root: string): Promise<DataSnapshot | undefined> {
  try {
    return JSON.parse(await readFile(join(root, SNAPSHOT_FILE), 'utf8')) as DataSnapshot;
  } catch {
    return undefined;
  }
}

export async function writeSnapshot(root: string, snapshot: DataSnapshot): Promise<void> {
  const path = join(root, SNAPSHOT_FILE);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(snapshot)}\n`);
}
