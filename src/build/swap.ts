/**
 * Publish a finished build: the staging folder replaces the output folder.
 *
 * POSIX has no atomic exchange of two folders, so the swap is two renames
 * (output -> previous-<pid>, staging -> output) with an instant between them
 * where the output folder does not exist. A build killed in that instant
 * leaves the old site in `previous-<pid>`; the next build puts
 * it back before doing anything else, so a site is never lost, and a failed
 * rename puts the old folder back at once.
 */
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What a failed swap says: the cause in words, never a stack. */
export class SwapError extends Error {}

/** Put back a site an interrupted swap left in the staging folder; returns what was done, for the log. */
export async function recoverInterruptedSwap(outDir: string, stagingRoot: string, shownAs: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(stagingRoot)).filter((n) => n.startsWith('previous-'));
  } catch {
    return undefined;
  }
  if (names.length === 0) return undefined;
  const withTimes = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(stagingRoot, n))).mtimeMs })));
  withTimes.sort((a, b) => b.t - a.t);
  if (!existsSync(outDir)) {
    // Killed between the two renames: the newest previous site is the published one.
    await rename(join(stagingRoot, withTimes[0]!.n), outDir);
    for (const { n } of withTimes.slice(1)) await rm(join(stagingRoot, n), { recursive: true, force: true });
    return `restored ${shownAs} from a build that was stopped while publishing`;
  }
  // Killed after the second rename: the new site is in place, the old one is left over.
  for (const { n } of withTimes) await rm(join(stagingRoot, n), { recursive: true, force: true });
  return undefined;
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const hints: Record<string, string> = {
    EPERM: 'it or its folder is read-only, immutable (lsattr) or in use by another program',
    EACCES: 'no permission to rename it or write to its folder',
    EBUSY: 'it is in use, or a mount point: set OUT_DIR to a folder inside it',
    EXDEV: 'it is a mount point or on another file system than its folder: set OUT_DIR to a folder inside it',
  };
  return `${e.code ?? 'error'}${hints[e.code ?? ''] ? ` (${hints[e.code!]})` : `: ${e.message}`}`;
}

/** Replace `outDir` with `staging`. On failure the old `outDir` is back in place and a SwapError says why. */
export async function swapIn(staging: string, outDir: string, stagingRoot: string, shownAs: string): Promise<void> {
  const previous = join(stagingRoot, `previous-${process.pid}`);
  const hadOld = existsSync(outDir);
  if (hadOld) {
    try {
      await rename(outDir, previous);
    } catch (error) {
      throw new SwapError(`could not replace ${shownAs}: ${reason(error)}; the new site was not published and ${shownAs} is unchanged`);
    }
  }
  // Tests stop the build here, between the two renames, as a kill -9 or a power cut would.
  if (process.env.REPORT_TEST_KILL_DURING_SWAP === '1') process.kill(process.pid, 'SIGKILL');
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadOld) await rename(previous, outDir).catch(() => {});
    throw new SwapError(`could not move the new site into ${shownAs}: ${reason(error)}; ${hadOld ? `${shownAs} is unchanged` : 'nothing was published'}`);
  }
  await rm(previous, { recursive: true, force: true });
}
