/** When a dataset last changed, as the data page prints it: git's last commit, or the file's time when git cannot say. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastChanged } from '../../src/report/data-history.ts';

const repo = mkdtempSync(join(tmpdir(), 'data-history-'));
// The report is a folder inside the repository, as a report under examples/ is.
const report = join(repo, 'reports', 'mine');
mkdirSync(join(report, 'data'), { recursive: true });
const git = (args: string[], date?: string) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env: { ...process.env, ...(date ? { GIT_COMMITTER_DATE: date } : {}) } });
const write = (name: string, text: string) => writeFileSync(join(report, 'data', name), text);
const mtime = (name: string) => statSync(join(report, 'data', name)).mtime.toISOString();

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('lastChanged', () => {
  it('gives each file its last commit, and the file time to what is changed, staged or not committed', async () => {
    git(['init', '-q']);
    write('old.csv', 'a\n1\n');
    write('edited.csv', 'a\n1\n');
    git(['add', '.']);
    git(['commit', '-qm', 'first'], '2020-01-02T03:04:05Z');
    write('old.csv', 'a\n2\n');
    git(['add', '.']);
    git(['commit', '-qm', 'second'], '2021-05-06T07:08:09Z');
    write('edited.csv', 'a\n3\n');
    write('staged.csv', 'a\n4\n');
    git(['add', join(report, 'data', 'staged.csv')]);
    write('untracked.csv', 'a\n5\n');
    const files = ['data/old.csv', 'data/edited.csv', 'data/staged.csv', 'data/untracked.csv'];
    const changed = await lastChanged(report, files);
    expect(Object.fromEntries(files.map((f) => [f, changed.get(f)]))).toEqual({
      'data/old.csv': '2021-05-06T07:08:09.000Z',
      'data/edited.csv': mtime('edited.csv'),
      'data/staged.csv': mtime('staged.csv'),
      'data/untracked.csv': mtime('untracked.csv'),
    });
  });

  it('dates a file changed on a branch by its commit there, and one changed while merging by the merge', async () => {
    write('branch.csv', 'a\n1\n');
    write('conflict.csv', 'a\n1\n');
    git(['add', '.']);
    git(['commit', '-qm', 'base'], '2022-01-01T00:00:00Z');
    git(['checkout', '-qb', 'side']);
    write('branch.csv', 'a\n2\n');
    write('conflict.csv', 'a\n2\n');
    git(['add', '.']);
    git(['commit', '-qm', 'side'], '2022-02-01T00:00:00Z');
    git(['checkout', '-q', '-']);
    write('conflict.csv', 'a\n3\n');
    git(['add', '.']);
    git(['commit', '-qm', 'main'], '2022-03-01T00:00:00Z');
    try {
      git(['merge', '-q', 'side', '-m', 'merge']);
    } catch {
      // conflict.csv conflicts, as intended: resolve it by hand.
    }
    write('conflict.csv', 'a\n4\n');
    git(['add', '.']);
    git(['commit', '-qm', 'merge'], '2022-04-01T00:00:00Z');
    const changed = await lastChanged(report, ['data/branch.csv', 'data/conflict.csv']);
    expect(changed.get('data/branch.csv')).toBe('2022-02-01T00:00:00.000Z');
    expect(changed.get('data/conflict.csv')).toBe('2022-04-01T00:00:00.000Z');
  });

  it('falls back to the file times outside a git repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
    try {
      writeFileSync(join(outside, 'a.csv'), 'a\n1\n');
      const changed = await lastChanged(outside, ['a.csv']);
      expect(changed.get('a.csv')).toBe(statSync(join(outside, 'a.csv')).mtime.toISOString());
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
