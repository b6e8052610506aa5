/**
 * Every kind of dataset (CSV, TSV, JSON, JSONL, Parquet, a .sql query, data
 * loaders) read through the real path: files written here, read by the real
 * DuckDB, checked against the same schema, with the messages a user sees.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/report-error.ts';
import { loadDatasets } from '../../src/report/datasets.ts';
import { OUTPUT } from '../support/sites.ts';

const base = join(OUTPUT, 'data-kinds', String(process.pid));
const URL = 'https://example.org/paper';
const SCHEMA = `import { defineDataset, optional, percent, sourceUrl, text } from '#schema';
export default defineDataset({ key: 'group', description: 'Rates.', columns: { group: text(), rate_pct: percent(), note: optional(text()), source_url: sourceUrl() } });
`;
const ROWS = [
  { group: 'control', rate_pct: 40, note: null, source_url: URL },
  { group: 'treated', rate_pct: 12.5, note: 'a, b', source_url: URL },
];

let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
let n = 0;

/** A fresh report folder with `files` in data/ (and each dataset's schema). */
async function site(files: Record<string, string>, schemas: string[] = []): Promise<string> {
  const root = join(base, `site-${n++}`);
  await mkdir(join(root, 'data'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, 'data', name), text, { mode: 0o755 });
  for (const name of schemas) await writeFile(join(root, 'data', `${name}.schema.ts`), SCHEMA);
  return root;
}

async function problemsOf(root: string): Promise<string[]> {
  return (await loadDatasets(root)).problems.map(formatProblem);
}

/** Write a Parquet file with DuckDB from a SELECT. */
async function parquet(path: string, select: string): Promise<void> {
  await duck.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
}

beforeAll(async () => {
  await mkdir(base, { recursive: true });
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(async () => {
  duck.closeSync();
  await rm(base, { recursive: true, force: true });
});

describe('data kinds', () => {
  it('reads CSV, TSV, JSON, JSONL and Parquet into the same typed rows', async () => {
    const root = await site(
      {
        'a.csv': `group,rate_pct,note,source_url\ncontrol,40,,${URL}\ntreated,12.5,"a, b",${URL}\n`,
        'b.tsv': `group\trate_pct\tnote\tsource_url\ncontrol\t40\t\t${URL}\ntreated\t12.5\ta, b\t${URL}\n`,
        'c.json': JSON.stringify(ROWS),
        'd.jsonl': ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n',
      },
      ['a', 'b', 'c', 'd', 'e'],
    );
    await parquet(join(root, 'data/e.parquet'), `SELECT * FROM (VALUES ('control', 40.0, NULL, '${URL}'), ('treated', 12.5, 'a, b', '${URL}')) t("group", rate_pct, note, source_url)`);
    const { datasets, problems } = await loadDatasets(root);
    expect(problems.map(formatProblem)).toEqual([]);
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      expect(datasets.get(name)!.table.rows, name).toEqual(ROWS);
      expect(datasets.get(name)!.large).toBe(false);
    }
    expect(datasets.get('a')!.table.lines).toEqual([2, 3]);
    expect(datasets.get('b')!.table.lines).toEqual([2, 3]);
    expect(datasets.get('e')!.kind).toBe('parquet');
  });

  it('a bad cell in a Parquet file names the row and column', async () => {
    const root = await site({}, ['runs']);
    await parquet(join(root, 'data/runs.parquet'), `SELECT 'g' || i AS "group", CASE WHEN i = 2 THEN 150.0 ELSE 10.0 END AS rate_pct, NULL AS note, CASE WHEN i = 3 THEN 'ftp://x' ELSE '${URL}' END AS source_url FROM range(5) t(i)`);
    expect(await problemsOf(root)).toEqual([
      'data/runs.parquet:3:2 rate_pct: expected a number from 0 to 100, got "150.0"',
      'data/runs.parquet:4:4 source_url: expected an http(s) URL, got "ftp://x" (only http and https sources can be linked)',
    ]);
  });

  it('a large Parquet file is checked in DuckDB: bad cells and duplicate keys anywhere, by row; its rows stay out of memory', async () => {
    const root = await site({}, ['runs']);
    await parquet(
      join(root, 'data/runs.parquet'),
      `SELECT CASE WHEN i = 70000 THEN 'g5' ELSE 'g' || i END AS "group", CASE WHEN i = 55554 THEN -1.0 ELSE (i % 100)::DOUBLE END AS rate_pct, NULL AS note, '${URL}' AS source_url FROM range(80000) t(i)`,
    );
    expect(await problemsOf(root)).toEqual([
      'data/runs.parquet:55555:2 rate_pct: expected a number from 0 to 100, got "-1.0"',
      'data/runs.parquet:70001:1 group: expected a unique group (it names the row), got "g5", already used on line 6 (give each row its own key)',
    ]);
    await parquet(join(root, 'data/runs.parquet'), `SELECT 'g' || i AS "group", (i % 100)::DOUBLE AS rate_pct, NULL AS note, '${URL}' AS source_url FROM range(80000) t(i)`);
    const { datasets, problems } = await loadDatasets(root);
    expect(problems).toEqual([]);
    const runs = datasets.get('runs')!;
    expect([runs.rowCount, runs.large, runs.download, runs.table.rows.length]).toEqual([80000, true, 'chart-rows', 0]);
  });

  it('a query is a dataset: it reads other datasets by name and files in data/, and its result is checked', async () => {
    const root = await site(
      {
        'a.csv': `group,rate_pct,note,source_url\ncontrol,40,,${URL}\ntreated,12.5,x,${URL}\n`,
        'mean.sql': `-- the mean over both files\nSELECT 'all' AS "group", avg(rate_pct) AS rate_pct, NULL AS note, '${URL}' AS source_url\nFROM (SELECT rate_pct FROM a UNION ALL SELECT rate_pct FROM read_parquet('data/raw/p.parquet'));\n`,
        'bad.sql': `SELECT "group", rate_pct, note FROM a`,
        'broken.sql': `SELECT "group", rate_pct, note, source_url\nFROM a\nWHERE nope > 1`,
      },
      ['a', 'mean', 'bad', 'broken'],
    );
    // Files that only feed a query sit in a folder of data/: they are not datasets themselves.
    await mkdir(join(root, 'data/raw'));
    await parquet(join(root, 'data/raw/p.parquet'), 'SELECT 60.0 AS rate_pct');
    const { datasets, problems } = await loadDatasets(root);
    expect(problems.map(formatProblem)).toEqual([
      'data/bad.sql source_url: expected a result column named "source_url", got no such column in the result (add the column (cells may be empty only if the schema says optional()))',
      'data/broken.sql:3 expected a query DuckDB can run, whose result is the dataset, got Binder Error: Referenced column "nope" not found in FROM clause! (see README: \'Queries\')',
    ]);
    expect(datasets.get('mean')!.table.rows).toEqual([{ group: 'all', rate_pct: 37.5, note: null, source_url: URL }]);
  });

  it('a bad cell in a query result names the .sql file, the column and the row of the result', async () => {
    const root = await site({ 'q.sql': `SELECT 'x' || i AS "group", i * 60.0 AS rate_pct, NULL AS note, '${URL}' AS source_url FROM range(3) t(i)` }, ['q']);
    expect(await problemsOf(root)).toEqual(['data/q.sql rate_pct: expected a number from 0 to 100, got "120.0" in row 3 of the result']);
  });
});

describe('data loaders', () => {
  it('a loader\'s standard output is the dataset; it runs again only when it or a file it names changes', async () => {
    const root = await site(
      {
        'raw.txt': 'control 40\ntreated 12.5\n',
        'rates.csv.sh': `#!/bin/sh\necho run >> "$PWD/runs.log"\necho "group,rate_pct,note,source_url"\nwhile read g r; do echo "$g,$r,,${URL}"; done < data/raw.txt\n`,
        'twice.jsonl.ts': `for (const r of ${JSON.stringify(ROWS)}) console.log(JSON.stringify(r));\n`,
      },
      ['rates', 'twice'],
    );
    const first = await loadDatasets(root);
    expect(first.problems.map(formatProblem)).toEqual([]);
    expect(first.datasets.get('rates')!.table.rows).toEqual([{ ...ROWS[0], note: null }, { ...ROWS[1], note: null }]);
    expect(first.datasets.get('rates')!.file).toBe('data/rates.csv.sh');
    expect(first.datasets.get('twice')!.table.rows).toEqual(ROWS);
    const runs = async () => (await import('node:fs/promises')).readFile(join(root, 'runs.log'), 'utf8');
    await loadDatasets(root);
    expect(await runs()).toBe('run\n');
    await writeFile(join(root, 'data/raw.txt'), 'control 41\ntreated 12.5\n');
    const again = await loadDatasets(root);
    expect(await runs()).toBe('run\nrun\n');
    expect(again.datasets.get('rates')!.table.rows[0]!.rate_pct).toBe(41);
  });

  it('a failing loader is an error naming it, with the end of its stderr', async () => {
    const root = await site({ 'rates.csv.sh': '#!/bin/sh\necho "group,rate_pct"\necho "reading the warehouse" >&2\necho "fatal: no such table: runs" >&2\nexit 3\n' }, ['rates']);
    expect(await problemsOf(root)).toEqual([
      'data/rates.csv.sh expected a loader that exits with code 0, got exit code 3; its stderr ends: "reading the warehouse | fatal: no such table: runs" (run it yourself: sh data/rates.csv.sh > rates.csv)',
    ]);
  });

  it('a loader that prints nothing, or bad data, is an error naming the loader', async () => {
    const root = await site({ 'empty.csv.sh': '#!/bin/sh\necho "done" >&2\n', 'bad.csv.sh': `#!/bin/sh\necho "group,rate_pct,note,source_url"\necho "control,40%,,${URL}"\n` }, ['empty', 'bad']);
    expect(await problemsOf(root)).toEqual([
      'data/bad.csv.sh:2:2 rate_pct: expected a number from 0 to 100, got "40%" (write the number without the % sign)',
      'data/empty.csv.sh expected the dataset empty.csv on standard output, got no output; its stderr ends: "done" (print the data to standard output (logs go to stderr))',
    ]);
  });

  it('a loader that hangs is stopped at the time-out, with what it said', async () => {
    const root = await site({ 'slow.csv.sh': '#!/bin/sh\necho "connecting" >&2\nsleep 30\n' }, ['slow']);
    process.env.LOADER_TIMEOUT = '1';
    const started = Date.now();
    try {
      expect(await problemsOf(root)).toEqual([
        'data/slow.csv.sh expected a loader that finishes within 1 s, got still running after 1 s (stopped); its stderr ends: "connecting" (make it faster, or raise LOADER_TIMEOUT (seconds); run it yourself: sh data/slow.csv.sh > slow.csv)',
      ]);
    } finally {
      delete process.env.LOADER_TIMEOUT;
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
