/** Read and check `content/report.yaml`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { quote, type Problem } from '../errors/report-error.ts';
import { reportSchema, type Report } from '../schemas/report.ts';

export const REPORT_FILE = 'content/report.yaml';

export async function loadReportFile(root: string): Promise<{ report?: Report; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(join(root, REPORT_FILE), 'utf8');
  } catch {
    return { problems: [{ file: REPORT_FILE, expected: 'the report description (title, authors, date, abstract, sources)', found: 'no such file' }] };
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => ({ file: REPORT_FILE, line: e.linePos?.[0].line, column: e.linePos?.[0].col, expected: 'valid YAML', found: e.message.split('\n')[0] })) };
  }
  const parsed = reportSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined;
        const offset = node?.range?.[0];
        const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
        const input = (issue as { input?: unknown }).input;
        if (issue.code === 'unrecognized_keys') {
          const keys = (issue as { keys: string[] }).keys;
          const known = Object.keys(reportSchema.shape).join(', ');
          return { file: REPORT_FILE, line, field: issue.path.join('.') || undefined, expected: `only the known keys (${known})`, found: `unknown key ${keys.map((k) => quote(k)).join(', ')}`, fix: 'remove it, or check its spelling' };
        }
        return { file: REPORT_FILE, line, field: issue.path.join('.'), expected: issue.message.replace(/^Invalid input: expected /, ''), found: input === undefined ? 'nothing' : quote(JSON.stringify(input)) };
      }),
    };
  }
  return { report: parsed.data, problems: [] };
}
