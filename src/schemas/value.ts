/**
 * What a number in the prose is: a cell of a dataset (`row` + `field`), or a
 * statistic over its rows (`stat`, optionally `field` and `where`). Shared by
 * `<Value>`, finding headlines and `{{ … }}` placeholders in captions.
 */
import { z } from 'zod';

export const VALUE_FORMATS = ['percent', 'number', 'integer', 'factor', 'tokens', 'text'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** count and share need no field; the others summarise the numbers of one column. */
export const VALUE_STATS = ['count', 'share', 'sum', 'mean', 'median', 'min', 'max'] as const;
export type ValueStat = (typeof VALUE_STATS)[number];

const valueFields = {
  dataset: z.string().min(1).describe('The dataset\'s name: `data/<dataset>.csv`.'),
  row: z.string().min(1).optional().describe('The key of one row (the schema\'s `key` column).'),
  field: z.string().min(1).optional().describe('The column to print (with `row`) or to summarise (with `stat`).'),
  stat: z.enum(VALUE_STATS).optional().describe('A statistic over the rows instead of one cell; `share` is the % of rows matching `where`.'),
  where: z.string().min(1).optional().describe('Which rows `stat` uses: `column = value`, `column > 3`, joined with ` and `.'),
  format: z.enum(VALUE_FORMATS).default('number').describe('How the number is printed: percent (21.4%), factor (28×), tokens (85M), integer, number, text.'),
};

function checkShape(ref: { row?: string; field?: string; stat?: ValueStat; where?: string }, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, input: undefined });
  if (ref.row !== undefined && ref.stat !== undefined) issue('stat', 'either row (one cell) or stat (over rows), not both');
  else if (ref.row === undefined && ref.stat === undefined) issue('row', 'row="<key>" with field, or stat="count|share|sum|mean|median|min|max"');
  else if (ref.row !== undefined && ref.field === undefined) issue('field', 'field="<column>": the column of the row to print');
  else if (ref.stat !== undefined && ref.stat !== 'count' && ref.stat !== 'share' && ref.field === undefined) issue('field', `field="<column>": the column whose ${ref.stat} is printed`);
  if (ref.where !== undefined && ref.row !== undefined) issue('where', 'where only with stat (a row is already one row)');
}

export const valueRefSchema = z.strictObject(valueFields).superRefine(checkShape);
export type ValueRef = z.output<typeof valueRefSchema>;

/** A finding's headline: a value, a label for it and, optionally, the row's earlier value (`from_field`). */
export const headlineSchema = z
  .strictObject({
    ...valueFields,
    label: z.string().min(1).describe('What the number is, in a few words.'),
    from_field: z.string().min(1).optional().describe('Another column of the same row: shows "22% → 15%".'),
  })
  .superRefine(checkShape);
export type Headline = z.output<typeof headlineSchema>;
