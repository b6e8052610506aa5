/**
 * One build at a time per output folder: two builds share the staging folder
 * and the swap, and interleaved they fail with raw ENOENT/ENOTEMPTY errors or
 * publish a mix. The lock is a file next to the output folder holding the
 * owner's pid; a lock whose process is gone (killed with -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock, or return why not (another build is running). Released when this process exits. */
export function acquireBuildLock(lockFile: string, shownAs: string): { ok: true } | { ok: false; message: string } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
      closeSync(fd);
      process.on('exit', () => rmSync(lockFile, { force: true }));
      return { ok: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: { pid?: number; started?: string } = {};
    try {
      owner = JSON.parse(readFileSync(lockFile, 'utf8')) as typeof owner;
    } catch {
      // Half-written by a build killed while taking it: nobody holds it.
    }
    if (typeof owner.pid === 'number' && owner.pid !== process.pid && isRunning(owner.pid)) {
      return {
        ok: false,
        message: `another build of this site is running (pid ${owner.pid}, started ${owner.started ?? 'at an unknown time'}); wait for it to finish and run npm run build again (if no build is running, delete ${shownAs})`,
      };
    }
    rmSync(lockFile, { force: true });
  }
  return { ok: false, message: `could not take the build lock ${shownAs}; delete it if no build is running` };
}
