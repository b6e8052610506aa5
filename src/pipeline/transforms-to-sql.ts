/**
 * Vega-Lite's top-level transforms as DuckDB SQL, so a chart over millions of
 * rows is aggregated where the rows are. Translated, in order, as long as each
 * one can be said in SQL with Vega's meaning: `filter` (an expression or a
 * field predicate), `calculate`, `bin`, `timeUnit` and `aggregate`. The
 * expressions are parsed with Vega's own parser; only datum fields, literals,
 * arithmetic, comparisons, `&& || !`, `? :` and a few functions translate.
 */
import { parseExpression } from 'vega';
import { ident, literal } from '../engines/duckdb.ts';

export interface SqlContext {
  /** min and max of a field over the rows so far (for `bin`). */
  extent(from: string, field: string): Promise<[number, number]>;
  /** Vega's own bin arithmetic (vega-statistics), so the bins are the ones Vega would draw. */
  bins(options: Record<string, unknown>): { start: number; stop: number; step: number };
}

export interface Translated {
  sql: string;
  /** How many transforms the SQL covers (from the first). */
  used: number;
  columns: string[];
  /** Why the first untranslated transform was not translated. */
  reason?: string;
}

class Untranslatable extends Error {}

interface Node {
  type: string;
  [key: string]: unknown;
}

const FUNCTIONS: Record<string, (args: string[]) => string> = {
  isValid: ([x]) => `(${x} IS NOT NULL AND NOT (TRY_CAST(${x} AS DOUBLE) IS NOT NULL AND isnan(TRY_CAST(${x} AS DOUBLE))))`,
  abs: ([x]) => `abs(${x})`,
  floor: ([x]) => `floor(${x})`,
  ceil: ([x]) => `ceil(${x})`,
  sqrt: ([x]) => `sqrt(${x})`,
  exp: ([x]) => `exp(${x})`,
  log: ([x]) => `ln(${x})`,
  pow: ([x, y]) => `power(${x}, ${y})`,
  lower: ([x]) => `lower(${x})`,
  upper: ([x]) => `upper(${x})`,
};

/** A Vega expression as SQL over the current columns; throws Untranslatable. */
export function expressionToSql(expression: string, columns: readonly string[]): string {
  let ast: Node;
  try {
    ast = parseExpression(expression) as unknown as Node;
  } catch {
    throw new Untranslatable(`an expression Vega cannot parse: ${JSON.stringify(expression)}`);
  }
  const isNull = (n: Node) => n.type === 'Literal' && n.value === null;
  const walk = (n: Node): string => {
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'number') return String(n.value);
        if (typeof n.value === 'string') return literal(n.value);
        if (typeof n.value === 'boolean') return n.value ? 'TRUE' : 'FALSE';
        if (n.value === null) return 'NULL';
        break;
      case 'MemberExpression': {
        const object = n.object as Node;
        const property = n.property as Node;
        if (object.type !== 'Identifier' || object.name !== 'datum') break;
        const field = n.computed ? (property.type === 'Literal' ? String(property.value) : undefined) : String(property.name);
        if (field === undefined || !columns.includes(field)) throw new Untranslatable(`datum.${field ?? '[…]'}, not a column here`);
        return ident(field);
      }
      case 'UnaryExpression':
        if (n.operator === '!') return `(NOT ${walk(n.argument as Node)})`;
        if (n.operator === '-') return `(-${walk(n.argument as Node)})`;
        break;
      case 'LogicalExpression':
        return `(${walk(n.left as Node)} ${n.operator === '&&' ? 'AND' : 'OR'} ${walk(n.right as Node)})`;
      case 'BinaryExpression': {
        const [left, right] = [n.left as Node, n.right as Node];
        const op = String(n.operator);
        if ((op === '==' || op === '===' || op === '!=' || op === '!==') && (isNull(left) || isNull(right))) {
          return `(${walk(isNull(left) ? right : left)} IS ${op.startsWith('!') ? 'NOT ' : ''}NULL)`;
        }
        const sqlOp: Record<string, string> = { '==': '=', '===': '=', '!=': '<>', '!==': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '-': '-', '*': '*', '/': '/', '%': '%' };
        if (op === '+') {
          // JavaScript's + joins strings: only a sum when neither side is a string literal.
          const text = [left, right].some((x) => x.type === 'Literal' && typeof x.value === 'string');
          return text ? `(CAST(${walk(left)} AS VARCHAR) || CAST(${walk(right)} AS VARCHAR))` : `(${walk(left)} + ${walk(right)})`;
        }
        if (op in sqlOp) return `(${walk(left)} ${sqlOp[op]} ${walk(right)})`;
        break;
      }
      case 'ConditionalExpression':
        return `(CASE WHEN ${walk(n.test as Node)} THEN ${walk(n.consequent as Node)} ELSE ${walk(n.alternate as Node)} END)`;
      case 'CallExpression': {
        const callee = n.callee as Node;
        const fn = callee.type === 'Identifier' ? FUNCTIONS[String(callee.name)] : undefined;
        if (fn) return fn((n.arguments as Node[]).map(walk));
        throw new Untranslatable(`the function ${String(callee.name ?? '?')}()`);
      }
    }
    throw new Untranslatable(`${n.type}${n.operator ? ` ${String(n.operator)}` : ''} in ${JSON.stringify(expression)}`);
  };
  return walk(ast);
}

/** A Vega-Lite field predicate (`{ field, equal | oneOf | range | lt | lte | gt | gte | valid }`) as SQL. */
function predicateToSql(p: Record<string, unknown>, columns: readonly string[]): string {
  if (typeof p.field !== 'string' || !columns.includes(p.field) || 'timeUnit' in p) throw new Untranslatable(`the predicate ${JSON.stringify(p)}`);
  const f = ident(p.field);
  const value = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? literal(v) : typeof v === 'boolean' ? String(v).toUpperCase() : (() => { throw new Untranslatable(`the value ${JSON.stringify(v)}`); })());
  if ('equal' in p) return `${f} = ${value(p.equal)}`;
  if (Array.isArray(p.oneOf)) return `${f} IN (${p.oneOf.map(value).join(', ')})`;
  if (Array.isArray(p.range)) return `${f} BETWEEN ${value(p.range[0])} AND ${value(p.range[1])}`;
  for (const [key, op] of [['lt', '<'], ['lte', '<='], ['gt', '>'], ['gte', '>=']] as const) if (key in p) return `${f} ${op} ${value(p[key])}`;
  if (p.valid === true) return FUNCTIONS.isValid!([f]);
  throw new Untranslatable(`the predicate ${JSON.stringify(p)}`);
}

const AGGREGATES: Record<string, (x: string) => string> = {
  count: () => 'count(*)',
  valid: (x) => `count(${x})`,
  missing: (x) => `(count(*) - count(${x}))`,
  // Vega counts a missing value as one more distinct value.
  distinct: (x) => `(count(DISTINCT ${x}) + CASE WHEN count(*) > count(${x}) THEN 1 ELSE 0 END)`,
  sum: (x) => `COALESCE(sum(${x}), 0)`,
  product: (x) => `product(${x})`,
  mean: (x) => `avg(${x})`,
  average: (x) => `avg(${x})`,
  median: (x) => `quantile_cont(${x}, 0.5)`,
  q1: (x) => `quantile_cont(${x}, 0.25)`,
  q3: (x) => `quantile_cont(${x}, 0.75)`,
  min: (x) => `min(${x})`,
  max: (x) => `max(${x})`,
  stdev: (x) => `stddev_samp(${x})`,
  stdevp: (x) => `stddev_pop(${x})`,
  variance: (x) => `var_samp(${x})`,
  variancep: (x) => `var_pop(${x})`,
};

// date_trunc parts for Vega-Lite time units that keep the year (others, like "month" alone, move dates to 2012).
const TIME_UNITS: Record<string, string> = { year: 'year', yearquarter: 'quarter', yearmonth: 'month', yearmonthdate: 'day', yearmonthdatehours: 'hour', yearmonthdatehoursminutes: 'minute' };

async function one(from: string, columns: string[], t: Record<string, unknown>, context: SqlContext): Promise<{ sql: string; columns: string[] }> {
  const add = (name: string, expression: string) => {
    const sql = columns.includes(name) ? `SELECT * REPLACE (${expression} AS ${ident(name)}) FROM (${from})` : `SELECT *, ${expression} AS ${ident(name)} FROM (${from})`;
    return { sql, columns: columns.includes(name) ? columns : [...columns, name] };
  };
  if ('filter' in t) {
    const where = typeof t.filter === 'string' ? expressionToSql(t.filter, columns) : typeof t.filter === 'object' && t.filter !== null && 'field' in t.filter ? predicateToSql(t.filter as Record<string, unknown>, columns) : undefined;
    if (where === undefined) throw new Untranslatable(`the filter ${JSON.stringify(t.filter)}`);
    return { sql: `SELECT * FROM (${from}) WHERE ${where}`, columns };
  }
  if ('calculate' in t && typeof t.calculate === 'string' && typeof t.as === 'string') return add(t.as, expressionToSql(t.calculate, columns));
  if ('aggregate' in t && Array.isArray(t.aggregate)) {
    const groupby = (Array.isArray(t.groupby) ? t.groupby : []) as unknown[];
    if (!groupby.every((g): g is string => typeof g === 'string' && columns.includes(g))) throw new Untranslatable(`the groupby ${JSON.stringify(groupby)}`);
    const outputs = (t.aggregate as Record<string, unknown>[]).map((a) => {
      const op = AGGREGATES[String(a.op)];
      const field = a.field === undefined ? undefined : String(a.field);
      if (!op || typeof a.as !== 'string' || (a.op !== 'count' && (field === undefined || !columns.includes(field)))) throw new Untranslatable(`the aggregate ${JSON.stringify(a)}`);
      return { as: a.as, sql: op(field === undefined ? '*' : ident(field)) };
    });
    const keys = groupby.map(ident);
    const select = [...keys, ...outputs.map((o) => `${o.sql} AS ${ident(o.as)}`)].join(', ');
    // Groups in a fixed order, so the build is reproducible (Vega keeps first-seen order; the chart sorts its axes anyway).
    const tail = keys.length > 0 ? ` GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}` : '';
    return { sql: `SELECT ${select} FROM (${from})${tail}`, columns: [...groupby, ...outputs.map((o) => o.as)] };
  }
  if ('bin' in t && typeof t.field === 'string' && columns.includes(t.field) && (typeof t.as === 'string' || (Array.isArray(t.as) && t.as.length === 2))) {
    const options = typeof t.bin === 'object' && t.bin !== null ? (t.bin as Record<string, unknown>) : {};
    if ('binned' in options || ('extent' in options && !Array.isArray(options.extent))) throw new Untranslatable(`the bin ${JSON.stringify(t.bin)}`);
    const extent = Array.isArray(options.extent) ? (options.extent as [number, number]) : await context.extent(from, t.field);
    const { start, stop, step } = context.bins({ maxbins: 10, ...options, extent });
    const [as, end] = Array.isArray(t.as) ? (t.as as [string, string]) : [t.as, `${t.as}_end`];
    const x = ident(t.field);
    // Vega's arithmetic: values at the top edge go into the last bin.
    const lower = `(${start} + ${step} * floor(1e-14 + (least(greatest(${x}, ${start}), ${stop - step}) - ${start}) / ${step}))`;
    const first = add(as, `CASE WHEN ${x} IS NULL THEN NULL ELSE ${lower} END`);
    return one(first.sql, first.columns, { calculate: `datum[${JSON.stringify(as)}] + ${step}`, as: end }, context);
  }
  if ('timeUnit' in t && typeof t.field === 'string' && columns.includes(t.field) && typeof t.as === 'string') {
    const spec = typeof t.timeUnit === 'string' ? t.timeUnit : (t.timeUnit as { unit?: string } | null)?.unit;
    const unit = spec?.replace(/^utc/, '');
    const part = unit ? TIME_UNITS[unit] : undefined;
    // Local-time units match SQL's (UTC) arithmetic only where local time is UTC.
    if (!part || (!spec!.startsWith('utc') && new Date(2020, 0, 1).getTimezoneOffset() !== 0)) throw new Untranslatable(`the timeUnit ${JSON.stringify(t.timeUnit)}`);
    const x = ident(t.field);
    const ts = `(CASE WHEN TRY_CAST(${x} AS DOUBLE) IS NOT NULL THEN to_timestamp(TRY_CAST(${x} AS DOUBLE) / 1000)::TIMESTAMP ELSE TRY_CAST(${x} AS TIMESTAMP) END)`;
    return add(t.as, `strftime(date_trunc('${part}', ${ts}), '%Y-%m-%dT%H:%M:%S.000Z')`);
  }
  throw new Untranslatable(`the transform ${JSON.stringify(t)}`);
}

/** Translate the leading transforms into one query over `from`. */
export async function transformsToSql(from: string, columns: readonly string[], transforms: unknown[], context: SqlContext): Promise<Translated> {
  let sql = from;
  let current = [...columns];
  let used = 0;
  for (const t of transforms) {
    try {
      const next = await one(sql, current, t as Record<string, unknown>, context);
      sql = next.sql;
      current = next.columns;
      used++;
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
      return { sql, used, columns: current, reason: error.message };
    }
  }
  return { sql, used, columns: current };
}
