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

  /** JSON text parsed with its `values` arrays shared (a cached chart read back). */
  parse<T>(text: string): T {
    return JSON.parse(text, (key, value: unknown) => (key === 'values' && Array.isArray(value) ? this.plain(value) : value)) as T;
  }
}
