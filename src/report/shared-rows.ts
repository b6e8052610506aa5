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
    // Markers stand where `stringify` found a `values` array, and nowhere else. The specs' rows are out
    // of the tree; the downloads' rows are still in it, and are walked like the rest.
    const restore = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(restore);
      const object = node as Record<string, unknown>;
      for (const [key, child] of Object.entries(object)) {
        const marker = key === 'values' && child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>)[SHARED] : undefined;
        if (typeof marker === 'number') object[key] = shared[marker];
        else restore(child);
      }
    };
    restore(value);
    return value as T;
  }
}
