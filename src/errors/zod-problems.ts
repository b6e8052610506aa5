/**
 * zod issues from a YAML or JSON document -> Problems that point at the key's
 * line: an unknown key is named with its own line and the closest known key,
 * a wrong value is quoted, a missing key says "nothing".
 */
import type { z } from 'zod';
import { suggestName } from '../pipeline/validate-rows.ts';
import { quote, type Problem } from './report-error.ts';

export interface DocumentContext {
  file: string;
  /** Line of the value at `path` (or of its closest parent). */
  lineOf: (path: (string | number)[]) => number | undefined;
  /** The keys allowed in the object at `path`, for "did you mean". */
  knownKeys: (path: (string | number)[]) => string[];
  /** Line to use when nothing better is known. */
  fallbackLine?: number;
}

export function problemsFromZod(issues: z.core.$ZodIssue[], context: DocumentContext): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const known = context.knownKeys(path);
      return issue.keys.map((key) => {
        const guess = suggestName(key, known);
        return {
          file: context.file,
          line: context.lineOf([...path, key]) ?? context.fallbackLine,
          field: [...path, key].join('.'),
          expected: `one of the known keys (${known.join(', ')})`,
          found: `unknown key ${quote(key)}`,
          fix: guess ? `did you mean "${guess}"?` : 'remove it, or check its spelling',
        };
      });
    }
    const input = (issue as { input?: unknown }).input;
    const key = String(path.at(-1));
    // YAML reads an unquoted 2014-08-11 as a date, not the text the author meant.
    if (input instanceof Date) {
      const day = input.toISOString().slice(0, 10);
      return [{ file: context.file, line: context.lineOf(path) ?? context.fallbackLine, field: path.join('.') || undefined, expected: issue.message.replace(/^Invalid input: expected /, '').replace(/, received \w+$/, ''), found: `the date ${day}`, fix: `quote it: ${key}: "${day}"` }];
    }
    return [
      {
        file: context.file,
        line: context.lineOf(path) ?? context.fallbackLine,
        field: path.join('.') || undefined,
        expected: issue.message.replace(/^Invalid input: expected /, '').replace(/, received \w+$/, ''),
        found: input === undefined ? 'nothing' : quote(typeof input === 'string' ? input : JSON.stringify(input)),
        // A refinement may say how to fix what it refused (params.fix).
        fix: input === undefined && issue.code !== 'custom' ? `add the required key "${key}"` : ((issue as { params?: { fix?: string } }).params?.fix ?? undefined),
      },
    ];
  });
}

/** Keys of the zod object (or union of objects) found by walking `path` through nested objects. */
export function keysAt(schema: unknown, path: (string | number)[]): string[] {
  const shapes = (s: unknown): Record<string, unknown>[] => {
    const def = (s as { def?: { type?: string; options?: unknown[]; innerType?: unknown; shape?: Record<string, unknown>; element?: unknown } })?.def;
    if (!def) return [];
    if (def.type === 'object') return [def.shape ?? {}];
    if (def.type === 'union') return (def.options ?? []).flatMap(shapes);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') return shapes(def.innerType);
    return [];
  };
  let current: unknown[] = [schema];
  for (const part of path) {
    current = current.flatMap((s) => {
      if (typeof part === 'number') return [(s as { def?: { element?: unknown } }).def?.element].filter(Boolean);
      return shapes(s).map((shape) => shape[part]).filter(Boolean);
    });
  }
  return [...new Set(current.flatMap(shapes).flatMap((shape) => Object.keys(shape)))];
}
