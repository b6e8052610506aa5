/** Line/column of a JSON value by its path, so spec errors point at the right line. */
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Position of the value at `path` (or of its closest existing parent). */
export function positionOfPath(text: string, path: JSONPath): Position | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (node) return positionOfOffset(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
  }
  return undefined;
}
