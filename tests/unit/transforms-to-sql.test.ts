/**
 * Chart transforms translated to SQL give what Vega gives: the same rows run
 * through Vega (runTransforms, the oracle) and through DuckDB agree.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as vega from 'vega';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTransforms } from '../../src/pipeline/aggregate-at-build.ts';
import { allRows } from '../../src/engines/duckdb.ts';
import { expressionToSql, transformsToSql, type SqlContext } from '../../src/pipeline/transforms-to-sql.ts';

const rows = Array.from({ length: 3000 }, (_, i) => ({
  model: ['alpha', 'beta', 'gamma'][i % 3]!,
  score: (i * 7) % 101,
  tokens: i % 5 === 0 ? null : i * 3,
  day: `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
}));
const columns = ['model', 'score', 'tokens', 'day'];
let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
const context: SqlContext = {
  extent: async (from, field) => {
    const r = (await allRows(db, `SELECT min("${field}") AS lo, max("${field}") AS hi FROM (${from})`))[0]!;
    return [Number(r.lo), Number(r.hi)];
  },
  bins: (vega as unknown as { bin: SqlContext['bins'] }).bin,
};

beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run('CREATE TABLE t (model VARCHAR, score DOUBLE, tokens DOUBLE, day VARCHAR)');
  const appender = await db.createAppender('t');
  for (const r of rows) {
    appender.appendVarchar(r.model);
    appender.appendDouble(r.score);
    if (r.tokens === null) appender.appendNull();
    else appender.appendDouble(r.tokens);
    appender.appendVarchar(r.day);
    appender.endRow();
  }
  appender.closeSync();
});
afterAll(() => db.closeSync());

/** Rows in one order, numbers rounded past float noise. */
const normal = (list: Record<string, unknown>[]) =>
  list.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function both(transform: unknown[]) {
  const sql = await transformsToSql('SELECT * FROM t', columns, transform, context);
  expect(sql.used, sql.reason).toBe(transform.length);
  return { vega: normal(await runTransforms(rows, transform)), duckdb: normal(await allRows(db, sql.sql)) };
}

describe('transforms as SQL agree with Vega', () => {
  it.each([
    ['filter + aggregate (mean, count, sum, min, max, valid, missing, median, distinct)', [{ filter: "datum.model != 'gamma' && datum.score >= 10" }, { aggregate: ['mean', 'count', 'sum', 'min', 'max', 'valid', 'missing', 'median', 'distinct'].map((op) => ({ op, field: op === 'count' ? undefined : 'tokens', as: op })), groupby: ['model'] }]],
    ['field predicates', [{ filter: { field: 'model', oneOf: ['alpha', 'beta'] } }, { filter: { field: 'score', range: [20, 60] } }, { filter: { field: 'tokens', valid: true } }, { aggregate: [{ op: 'count', as: 'n' }], groupby: ['model'] }]],
    ['calculate, then aggregate the new field', [{ calculate: 'datum.score / 100 + (datum.model == "alpha" ? 1 : 0)', as: 'share' }, { aggregate: [{ op: 'mean', field: 'share', as: 'mean_share' }], groupby: ['model'] }]],
    ['bin (Vega\'s nice bins) and count per bin', [{ bin: { maxbins: 20 }, field: 'score', as: 'b' }, { aggregate: [{ op: 'count', as: 'n' }], groupby: ['b', 'b_end'] }]],
    ['timeUnit yearmonth, mean per month', [{ timeUnit: 'utcyearmonth', field: 'day', as: 'month' }, { aggregate: [{ op: 'mean', field: 'score', as: 'mean_score' }], groupby: ['month'] }]],
  ])('%s', async (_name, transform) => {
    const { vega: expected, duckdb } = await both(transform as unknown[]);
    expect(duckdb.length).toBeGreaterThan(0);
    expect(duckdb).toEqual(expected);
  });

  it('stops at the first transform SQL cannot say, and says why', async () => {
    const sql = await transformsToSql('SELECT * FROM t', columns, [{ aggregate: [{ op: 'count', as: 'n' }], groupby: ['model'] }, { window: [{ op: 'rank', as: 'r' }] }], context);
    expect([sql.used, sql.columns, sql.reason]).toEqual([1, ['model', 'n'], 'the transform {"window":[{"op":"rank","as":"r"}]}']);
    expect(() => expressionToSql('datum.nope > 1', columns)).toThrow('datum.nope, not a column here');
    expect(() => expressionToSql('random() > 0.5', columns)).toThrow('the function random()');
  });
});
