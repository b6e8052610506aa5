/** Shared rows: a chart's specs are plain JSON, as before, but hold each set of inline rows once. */
import { describe, expect, it } from 'vitest';
import { SharedRows } from '../../src/report/shared-rows.ts';
import { compileChart } from '../../src/pipeline/compile-chart.ts';

const rows = () => [{ day: new Date('2026-03-02T00:00:00Z'), rate: 1.5 }, { day: new Date('2026-03-09T00:00:00Z'), rate: 2 }];
const spec = (values: unknown[]) => ({ data: { values }, mark: 'bar', encoding: { x: { field: 'day', type: 'temporal' }, y: { field: 'rate', type: 'quantitative' } } });
const inlineRows = (vega: unknown) => ((vega as { data: { values?: unknown[] }[] }).data.find((d) => d.values)?.values);

describe('SharedRows', () => {
  it('copies a spec as JSON would, sharing its rows between copies', () => {
    const shared = new SharedRows();
    const input = { title: 'A', data: { values: rows() }, skip: undefined };
    const first = shared.copy(input);
    const second = shared.copy(input);
    expect(first).toStrictEqual(JSON.parse(JSON.stringify(input)));
    expect(first.data.values).toBe(second.data.values);
    expect(first).not.toBe(second);
  });

  it('gives every layout of a chart, and a cached chart read back, the same rows', () => {
    const shared = new SharedRows();
    const values = rows();
    const wide = compileChart(spec(values), 'c.vl.json', 640, undefined, shared);
    const narrow = compileChart(spec(values), 'c.vl.json', 320, undefined, shared);
    if (!wide.ok || !narrow.ok) throw new Error('did not compile');
    expect(inlineRows(wide.vegaSpec)).toEqual([{ day: '2026-03-02T00:00:00.000Z', rate: 1.5 }, { day: '2026-03-09T00:00:00.000Z', rate: 2 }]);
    expect(inlineRows(wide.vegaSpec)).toBe(inlineRows(narrow.vegaSpec));
    // The chart cache writes the rows once, and reads them back as the array this model already holds.
    const chart = { vegaSpec: wide.vegaSpec, narrowVegaSpec: narrow.vegaSpec };
    const text = shared.stringify(chart);
    expect(text.split('2026-03-09T00:00:00.000Z')).toHaveLength(2);
    const cached = shared.parse<typeof chart>(text);
    expect(cached).toStrictEqual(JSON.parse(JSON.stringify(chart)));
    expect(inlineRows(cached.vegaSpec)).toBe(inlineRows(wide.vegaSpec));
    expect(inlineRows(cached.narrowVegaSpec)).toBe(inlineRows(wide.vegaSpec));
    // Read by another model (the next build), the rows are shared between the specs again.
    const next = new SharedRows().parse<typeof chart>(text);
    expect(inlineRows(next.vegaSpec)).toBe(inlineRows(next.narrowVegaSpec));
    // Without shared rows, each compile makes its own copy (as before).
    const alone = compileChart(spec(values), 'c.vl.json');
    expect(alone.ok && inlineRows(alone.vegaSpec)).not.toBe(inlineRows(wide.vegaSpec));
  });
});
