/**
 * When a dataset last changed: the date of the last commit that touched the
 * file, or the file's modification time when it has uncommitted changes or
 * the report is not in a git repository.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    return (await run('git', args, { cwd: root, timeout: 5000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/** ISO date-time of the last change to `file` (relative to `root`). */
export async function lastChanged(root: string, file: string): Promise<string> {
  const dirty = await git(root, ['status', '--porcelain', '--', file]);
  if (dirty === '') {
    const committed = await git(root, ['log', '-1', '--format=%cI', '--', file]);
    if (committed) return new Date(committed).toISOString();
  }
  return (await stat(join(root, file))).mtime.toISOString();
}
