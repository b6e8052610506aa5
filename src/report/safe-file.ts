/**
 * Files a report reads must be regular files inside their folder (`data/`,
 * `content/charts/`). A symbolic link could publish any file on the machine
 * (`data/x.csv` -> `/etc/passwd` would be printed in errors and copied into
 * dist/data/), and reading a named pipe never ends. Checked with lstat and
 * realpath before a byte is read, so nothing outside is ever opened.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type { Problem } from '../errors/report-error.ts';

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** A problem when `file` (relative to `root`) is not a regular file inside `folder`; undefined when it can be read. */
export async function checkReadableFile(root: string, file: string, folder: string, what: string): Promise<Problem | undefined> {
  const path = join(root, file);
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    let target: string;
    try {
      target = await realpath(path);
    } catch {
      return { file, expected: what, found: 'a symbolic link to nothing', fix: 'replace the link with the file itself' };
    }
    const inside = relative(await realpath(join(root, folder)), target);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      return { file, expected: `${what} inside ${folder}/`, found: `a symbolic link to a file outside ${folder}/`, fix: `copy the file into ${folder}/ instead of linking to it: the site publishes what it reads` };
    }
    const targetInfo = await stat(target);
    if (!targetInfo.isFile()) return { file, expected: what, found: `a symbolic link to ${kindOf(targetInfo)}`, fix: `move it out of ${folder}/, or rename it` };
    return undefined;
  }
  if (!info.isFile()) return { file, expected: what, found: kindOf(info), fix: `move it out of ${folder}/, or rename it` };
  return undefined;
}
