/**
 * The MDX components an author may use, with the attributes each takes. One
 * registry: `npm run validate` checks every use against it (unknown component,
 * unknown or missing attribute, at its line and column), the report page maps
 * the same names to the Astro components (src/pages/index.astro), and the
 * configuration reference is generated from it.
 */
import { z } from 'zod';
import { valueRefSchema } from './value.ts';

export const MDX_COMPONENTS = {
  /** Places a chart: `<Chart id="my-chart" />`, once per report; numbered in reading order. */
  Chart: z.strictObject({ id: z.string().min(1) }),
  /** "Figure N" as a link: `<Ref chart="my-chart" />`. */
  Ref: z.strictObject({ chart: z.string().min(1) }),
  /** A number from the data: one cell (`dataset row field`) or a statistic (`dataset stat field where`). */
  Value: valueRefSchema,
  /** The findings, from the finding chapters' frontmatter. */
  FindingsSummary: z.strictObject({}),
  /** A numbered citation of `content/references.bib` entries: `<Cite key="a, b" />`. */
  Cite: z.strictObject({ key: z.string().min(1) }),
  /** The list of cited works. */
  References: z.strictObject({}),
  /** TeX typeset at build time as MathML: `<Math tex="\frac{a}{b}" display />`. */
  Math: z.strictObject({ tex: z.string().min(1), display: z.boolean().optional() }),
} as const;

export type ComponentName = keyof typeof MDX_COMPONENTS;

export function isComponentName(name: string): name is ComponentName {
  return Object.hasOwn(MDX_COMPONENTS, name);
}
