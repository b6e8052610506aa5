/**
 * A report's own files read the plain way (papaparse, yaml), independently of
 * the generator's code: the content checks derive their expectations from
 * these, so they hold for any report, and recompute every printed value
 * without trusting the code that printed it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parse as parseYaml } from 'yaml';

export interface ReportFiles {
  root: string;
  chartIds: string[];
  /** In reading order. */
  chapters: { id: string; data: Record<string, unknown>; body: string }[];
  csv(name: string): Record<string, string>[];
  schemaKey(name: string): Promise<string>;
}

export function readReportFiles(root: string): ReportFiles {
  const chartsDir = join(root, 'content/charts');
  const chartIds = existsSync(chartsDir) ? readdirSync(chartsDir).filter((f) => f.endsWith('.vl.json')).map((f) => f.replace('.vl.json', '')).sort() : [];
  const chapters = readdirSync(join(root, 'content/chapters'))
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(root, 'content/chapters', f), 'utf8');
      const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
      return { id: f.replace(/\.mdx$/, ''), data: parseYaml(front) as Record<string, unknown>, body };
    })
    // Reading order: frontmatter `order`, then file name, as the page shows them.
    .sort((a, b) => Number(a.data.order) - Number(b.data.order) || a.id.localeCompare(b.id));
  const cache = new Map<string, Record<string, string>[]>();
  return {
    root,
    chartIds,
    chapters,
    csv(name) {
      if (!cache.has(name)) cache.set(name, Papa.parse<Record<string, string>>(readFileSync(join(root, 'data', `${name}.csv`), 'utf8'), { header: true, skipEmptyLines: true }).data);
      return cache.get(name)!;
    },
    async schemaKey(name) {
      const schema = (await import(join(root, 'data', `${name}.schema.ts`))) as { default: { key: string } };
      return schema.default.key;
    },
  };
}

const asNumber = (cell: string | undefined) => (cell === undefined || cell.trim() === '' || Number.isNaN(Number(cell)) ? undefined : Number(cell));

/** The value a `<data class="value">` element names, recomputed from the CSV. */
export async function recompute(files: ReportFiles, attrs: Record<string, string | undefined>): Promise<string | number | null> {
  const rows = files.csv(attrs.dataset!);
  if (attrs.row !== undefined) {
    const key = await files.schemaKey(attrs.dataset!);
    const row = rows.find((r) => r[key] === attrs.row);
    if (!row) throw new Error(`no row ${attrs.row} in ${attrs.dataset}`);
    const cell = row[attrs.field!] ?? '';
    return cell === '' ? null : (asNumber(cell) ?? cell);
  }
  const conditions = (attrs.where ?? '').split(/\s+and\s+/i).filter(Boolean).map((c) => {
    const [, column, op, value] = /^\s*([\w.-]+)\s*(!=|<=|>=|=|<|>)\s*['"]?(.*?)['"]?\s*$/.exec(c)!;
    return { column: column!, op: op!, value: value! };
  });
  const keep = rows.filter((r) =>
    conditions.every(({ column, op, value }) => {
      const a = asNumber(r[column]);
      const b = asNumber(value);
      if (a !== undefined && b !== undefined) return { '=': a === b, '!=': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[op];
      return op === '=' ? r[column] === value : r[column] !== value;
    }),
  );
  const numbers = attrs.field ? keep.map((r) => asNumber(r[attrs.field!])).filter((n): n is number => n !== undefined) : [];
  switch (attrs.stat) {
    case 'count':
      return keep.length;
    case 'share':
      return (100 * keep.length) / rows.length;
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'mean':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'median': {
      const s = [...numbers].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    }
    default:
      throw new Error(`unknown stat ${attrs.stat}`);
  }
}
