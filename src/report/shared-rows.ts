/**
 * The rows that charts carry inline, held once per report model. A chart has
 * four specs (published, download, page, phone) with the same rows, and charts
 * of one dataset often carry identical rows; as separate copies they were most
 * of a 1,000-chart build's memory.
 */
import { createHash } from 'node:crypto';

// Marks a shared array inside the JSON text while a spec is copied; no spec writes this key.
const SHARED = '\u0000shared-rows';

export class SharedRows {
  private readonly byDigest = new Map<string, unknown[]>();
  private readonly byArray = new WeakMap<unknown[], unknown[]>();

  /** `rows` as plain JSON, the same array for every equal set of rows. */
  plain(rows: unknown[]): unknown[] {
    const known = this.byArray.get(rows);
    if (known) return known;
    const text = JSON.stringify(rows);
    const digest = createHash('sha1').update(text).digest('base64');
    let shared = this.byDigest.get(digest);
    if (!shared) this.byDigest.set(digest, (shared = JSON.parse(text) as unknown[]));
    this.byArray.set(rows, shared);
    this.byArray.set(shared, shared);
    return shared;
  }

  /**
   * A deep copy of `spec` as plain JSON (what JSON.stringify and JSON.parse would make),
   * whose inline `values` arrays are the shared ones. Nothing may change them in place.
   */
  copy<T>(spec: T): T {
    const arrays: unknown[][] = [];
    const text = JSON.stringify(spec, (key, value: unknown) => (key === 'values' && Array.isArray(value) ? { [SHARED]: arrays.push(this.plain(value)) - 1 } : value));
    return JSON.parse(text, (_key, value: unknown) => (value !== null && typeof value === 'object' && SHARED in value ? arrays[(value as Record<string, number>)[SHARED]!] : value)) as T;
  }

  /**
   * JSON text of `value` with each shared set of rows written once (a cached chart: its
   * four specs carry the same rows). Read it back with `parse`.
   */
  stringify(value: unknown): string {
    const tables: unknown[][] = [];
    const index = new Map<unknown[], number>();
    const text = JSON.stringify(value, (key, found: unknown) => {
      if (key !== 'values' || !Array.isArray(found)) return found;
      const rows = this.plain(found);
      let i = index.get(rows);
      if (i === undefined) index.set(rows, (i = tables.push(rows) - 1));
      return { [SHARED]: i };
    });
    return `{"tables":${JSON.stringify(tables)},"value":${text}}`;
  }

  /** What `stringify` wrote, its rows shared with every equal set this model already holds. */
  parse<T>(text: string): T {
    const { tables, value } = JSON.parse(text) as { tables: unknown[][]; value: unknown };
    const shared = tables.map((rows) => this.plain(rows));
    // The rows are out of the tree, so this walk visits specs, not data.
    const restore = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(restore);
      if (node === null || typeof node !== 'object') return node;
      if (SHARED in node) return shared[(node as Record<string, number>)[SHARED]!];
      for (const [key, child] of Object.entries(node)) (node as Record<string, unknown>)[key] = restore(child);
      return node;
    };
    return restore(value) as T;
  }
}
