/**
 * One catalog of user-facing problems. Every stage reports problems as
 * `Problem`s (never throws raw exceptions at the author); the CLI prints them
 * with `formatProblem` and exits 1.
 */

export interface Problem {
  /** Path relative to the report root, e.g. `data/interventions.csv`. */
  file: string;
  line?: number;
  column?: number;
  /** The field, column or key the problem is about. */
  field?: string;
  /** What was expected, in words: "a number from 0 to 100". */
  expected: string;
  /** What was found, already quoted when it is a value: `"96%"`. */
  found?: string;
  /** How to fix it, in words. */
  fix?: string;
}

/** Thrown by a stage when the input cannot be used; carries every problem found. */
export class ReportError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'ReportError';
    this.problems = problems;
  }
}

/** `file:line:col field: expected X, got Y (fix)` — the shape every error uses. */
// Characters a terminal acts on or that reorder text (C0/C1 controls, DEL, bidi overrides): a CSV cell or
// chart string printed raw could move the cursor, write the clipboard (OSC 52) or hide text. Shown escaped.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text from the input, safe to print in a terminal: unprintable characters as `\u001b` escapes. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
  let text = `${where} ${p.field ? `${p.field}: ` : ''}expected ${p.expected}`;
  if (p.found !== undefined) text += `, got ${p.found}`;
  if (p.fix) text += ` (${p.fix})`;
  return printable(text);
}

/**
 * The chart lint's findings when they do not stop the build (report.yaml `chart_lint: warn`):
 * one `warning:` line each, in the problems' shape, and what to do about them.
 */
export function formatLintWarnings(warnings: Problem[]): string {
  if (warnings.length === 0) return '';
  const n = warnings.length;
  const lines = sortProblems(warnings).map((w) => `warning: ${formatProblem(w)}`);
  return `${lines.join('\n')}\n${n} chart lint warning${n === 1 ? '' : 's'}: the charts are published as written; fix them or opt out in the chart's usermeta.lint ("chart_lint: error" in content/report.yaml refuses to build until then)`;
}

/** Each problem once: several placeholders in one key, for instance, are reported at the same line with the same words. */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const text = formatProblem(p);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Stable order: by file, then line, then column, then text. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      formatProblem(a).localeCompare(formatProblem(b)),
  );
}

export const MAX_PROBLEMS_SHOWN = 50;

/** All problems of a run, sorted, capped, with a count of the rest. */
export function formatProblems(problems: Problem[], max = MAX_PROBLEMS_SHOWN): string {
  const sorted = sortProblems(problems);
  const shown = sorted.slice(0, max).map(formatProblem);
  const rest = sorted.length - shown.length;
  if (rest > 0) shown.push(`... and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return shown.join('\n');
}

/** Quote a value found in the input so empty and whitespace values are visible. */
export function quote(value: string, max = 60): string {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(short);
}
