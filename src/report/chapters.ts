/**
 * Read chapters for checking without Astro: frontmatter (zod) and the MDX
 * components they use (`<Chart id>`, `<Value dataset row field>`, `<Ref chart>`),
 * with line numbers, parsed by the same MDX parser (satteri) Astro uses.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mdxToMdast } from 'satteri';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../errors/report-error.ts';
import { keysAt, problemsFromZod } from '../errors/zod-problems.ts';
import { chapterSchema, type Chapter } from '../schemas/chapter.ts';

export interface ComponentUse {
  name: string;
  /** The attributes written as strings (`id="x"`). */
  attributes: Record<string, string>;
  /** Every attribute as written: a string, `true` for a bare name, `{ expression }` for `{…}`. */
  rawAttributes: Record<string, string | true | { expression: string }>;
  line: number;
  column: number;
}

export interface ChapterFile {
  id: string;
  file: string;
  data: Chapter;
  uses: ComponentUse[];
  /** Line of a frontmatter key (`['headline', 'row']`), for error positions. */
  lineOf: (path: (string | number)[]) => number | undefined;
}

interface MdastNode {
  type: string;
  name?: string | null;
  value?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { line: number; column: number } };
  children?: MdastNode[];
}

function collectUses(node: MdastNode, uses: ComponentUse[]): void {
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
    const attributes: Record<string, string> = {};
    const rawAttributes: ComponentUse['rawAttributes'] = {};
    for (const a of node.attributes ?? []) {
      if (a.type !== 'mdxJsxAttribute' || !a.name) continue;
      if (typeof a.value === 'string') attributes[a.name] = rawAttributes[a.name] = a.value;
      else if (a.value === null || a.value === undefined) rawAttributes[a.name] = true;
      else rawAttributes[a.name] = { expression: String((a.value as { value?: unknown }).value ?? '') };
    }
    uses.push({ name: node.name, attributes, rawAttributes, line: node.position?.start.line ?? 0, column: node.position?.start.column ?? 0 });
  }
  for (const child of node.children ?? []) collectUses(child, uses);
}

export async function loadChapterFiles(root: string): Promise<{ chapters: ChapterFile[]; problems: Problem[] }> {
  const dir = join(root, 'content', 'chapters');
  const problems: Problem[] = [];
  const chapters: ChapterFile[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.mdx') || f.endsWith('.md')).sort();
  } catch {
    problems.push({ file: 'content/chapters/', expected: 'a folder of chapters (.mdx)', found: 'no such folder' });
  }
  for (const name of names) {
    const file = `content/chapters/${name}`;
    const text = await readFile(join(dir, name), 'utf8');
    let tree: MdastNode;
    try {
      tree = mdxToMdast(text) as unknown as MdastNode;
    } catch (error) {
      const message = (error as Error).message;
      const at = /(\d+):(\d+)/.exec(message);
      problems.push({ file, line: at ? Number(at[1]) : undefined, column: at ? Number(at[2]) : undefined, expected: 'valid MDX', found: message.split('\n')[0], fix: 'check the tag or {expression} near this position' });
      continue;
    }
    const yamlNode = tree.children?.find((n) => n.type === 'yaml');
    if (!yamlNode) {
      problems.push({ file, line: 1, expected: 'frontmatter between --- lines (title, order, kind)', found: 'none' });
      continue;
    }
    const lineCounter = new LineCounter();
    // Astro's frontmatter parser (js-yaml) reads an unquoted 2014-08-11 as a date; read
    // timestamps the same way here, or validate would pass what the build rejects.
    const doc = parseDocument(yamlNode.value ?? '', { lineCounter, customTags: ['timestamp'] });
    if (doc.errors.length > 0) {
      const error = doc.errors[0]!;
      problems.push({ file, line: (error.linePos?.[0].line ?? 0) + 1, expected: 'valid YAML frontmatter', found: error.message.split('\n')[0] });
      continue;
    }
    const raw: unknown = doc.toJS();
    // Frontmatter starts on line 2 (after the opening ---); fall back to the closest parent key.
    const lineOf = (path: (string | number)[]): number | undefined => {
      for (let depth = path.length; depth > 0; depth--) {
        const pair = doc.getIn(path.slice(0, depth), true) as { range?: [number, number] } | undefined;
        const offset = pair?.range?.[0];
        if (offset !== undefined) return lineCounter.linePos(offset).line + 1;
      }
      return undefined;
    };
    const parsed = chapterSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error.issues, { file, lineOf, knownKeys: (path) => keysAt(chapterSchema, path), fallbackLine: 2 }));
      continue;
    }
    const uses: ComponentUse[] = [];
    collectUses(tree, uses);
    chapters.push({ id: name.replace(/\.mdx?$/, ''), file, data: parsed.data, uses, lineOf });
  }
  return { chapters, problems };
}
