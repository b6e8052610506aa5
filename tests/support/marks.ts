/** What a user sees of a chart's data, from its SVG: each data mark group's type and number of items. */
import { XMLParser } from 'fast-xml-parser';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true });
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** "type/count" for every `g.mark-* role-mark` (Vega's data marks; not axes, legends or titles), in document order. */
export function markSignature(svg: string): string[] {
  const out: string[] = [];
  const visit = (nodes: XmlNode[]): void => {
    for (const node of nodes) {
      const tag = Object.keys(node).find((k) => k !== ':@')!;
      const children = (node[tag] as XmlNode[] | undefined) ?? [];
      const m = /\bmark-(\w+) role-mark\b/.exec(node[':@']?.class ?? '');
      if (tag === 'g' && m) out.push(`${m[1]}/${children.length}`);
      if (Array.isArray(children)) visit(children);
    }
  };
  visit(xml.parse(svg) as XmlNode[]);
  return out;
}
