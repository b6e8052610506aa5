/**
 * Stage: a compiled Vega spec -> a problem when Vega itself cannot parse it.
 *
 * Vega-Lite compiles expressions without checking them; Vega parses them only
 * when a view is made, and its errors ("Unrecognized signal name") name no
 * file. Parsing once here, while the chart file is known, turns them into a
 * problem instead of a crash later in the build.
 */
import { parse, type Spec as VegaSpec } from 'vega';
import { parseTree, type Node } from 'jsonc-parser';
import type { Problem } from '../errors/report-error.ts';
import { positionOfOffset, type Position } from '../errors/json-position.ts';

/**
 * Where a name Vega could not resolve is written in the chart file: the first
 * string of the spec (an expression) that uses it as a word.
 */
function positionOfName(text: string, name: string): Position | undefined {
  const word = new RegExp(`(^|[^\\w$.])${name.replace(/[$]/g, '\\$&')}(?![\\w$])`);
  const visit = (node: Node | undefined): Position | undefined => {
    if (!node) return undefined;
    if (node.type === 'string' && typeof node.value === 'string') {
      const match = word.exec(node.value);
      // +1: past the opening quote; the name's own offset when the string has no escapes before it.
      if (match) return positionOfOffset(text, node.offset + 1 + match.index + match[1]!.length);
    }
    for (const child of node.children ?? []) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(parseTree(text));
}

/**
 * Parse the spec as Vega would before rendering; any error becomes a problem naming the chart file,
 * and the line of the name Vega could not resolve when `text` (the file as written) shows it.
 */
export function checkVegaParse(vegaSpec: VegaSpec, file: string, text?: string): Problem[] {
  try {
    // A copy: Vega may annotate what it parses, and the caller's spec stays plain JSON.
    parse(structuredClone(vegaSpec));
    return [];
  } catch (error) {
    const message = (error as Error).message;
    const name = /^Unrecognized (?:signal name|function): "([\w$]+)"/.exec(message)?.[1];
    const at = text && name ? positionOfName(text, name) : undefined;
    return [{ file, ...(at ? { line: at.line, column: at.column } : {}), expected: 'a chart Vega can run', found: message, fix: 'a name in an expression may be misspelt; open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem' }];
  }
}
