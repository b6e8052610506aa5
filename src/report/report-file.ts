/** Read and check `content/report.yaml`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../errors/report-error.ts';
import { keysAt, problemsFromZod } from '../errors/zod-problems.ts';
import { reportSchema, type Report } from '../schemas/report.ts';

export const REPORT_FILE = 'content/report.yaml';

export async function loadReportFile(root: string): Promise<{ report?: Report; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(join(root, REPORT_FILE), 'utf8');
  } catch {
    return { problems: [{ file: REPORT_FILE, expected: 'the report description (title, authors, date, abstract, sources)', found: 'no such file' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => ({ file: REPORT_FILE, line: e.linePos?.[0].line, column: e.linePos?.[0].col, expected: 'valid YAML', found: e.message.split('\n')[0] })) };
  }
  const parsed = reportSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    const lineOf = (path: (string | number)[]): number | undefined => {
      for (let depth = path.length; depth > 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    };
    return { problems: problemsFromZod(parsed.error.issues, { file: REPORT_FILE, lineOf, knownKeys: (path) => keysAt(reportSchema, path), fallbackLine: 1 }) };
  }
  return { report: parsed.data, problems: [] };
}
