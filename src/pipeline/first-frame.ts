/**
 * Animated charts (Vega-Lite's `time` encoding, driven by a point selection on
 * "timer") draw every frame at once until the timer ticks: the static SVG would
 * show all years on top of each other. The animation's selection starts at its
 * first frame instead (`value`), so the static chart is the first frame and
 * the interactive one animates from there, as it would anyway.
 */

type Spec = Record<string, unknown>;

/** The rows a bound spec draws from: its top-level inline values. */
const rowsOf = (spec: Spec) => ((spec.data as { values?: unknown } | undefined)?.values as Record<string, unknown>[] | undefined) ?? [];

function firstValue(rows: Record<string, unknown>[], field: string): unknown {
  const values = rows.map((row) => row[field]).filter((v) => v !== null && v !== undefined);
  if (values.length === 0) return undefined;
  return values.reduce((a, b) => ((b as number | string) < (a as number | string) ? b : a));
}

/** The spec with each animation selection (select.on "timer") starting at its first frame. */
export function startAtFirstFrame(spec: Spec): Spec {
  if (!Array.isArray(spec.params)) return spec;
  const rows = rowsOf(spec);
  let changed = false;
  const params = spec.params.map((param: Record<string, unknown>) => {
    const select = param.select as { type?: unknown; on?: unknown; fields?: unknown } | undefined;
    if (select?.type !== 'point' || select.on !== 'timer' || param.value !== undefined || !Array.isArray(select.fields) || select.fields.length !== 1) return param;
    const field = String(select.fields[0]);
    const first = firstValue(rows, field);
    if (first === undefined) return param;
    changed = true;
    return { ...param, value: [{ [field]: first }] };
  });
  return changed ? { ...spec, params } : spec;
}
