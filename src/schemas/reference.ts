/**
 * The configuration reference (docs/configuration.md) and the JSON Schemas an
 * editor validates with (schemas/*.schema.json), both generated from the zod
 * schemas the build checks with, so they cannot drift: `npm run reference`
 * writes them, and a unit test fails when the committed files are stale.
 */
import { z } from 'zod';
import { LINT_RULES } from './chart-lint.ts';
import { chapterSchema, findingChapterSchema, otherChapterSchema } from './chapter.ts';
import { MDX_COMPONENTS } from './components.ts';
import { DEFAULT_LABELS, reportSchema, SUMMARY_LABELS } from './report.ts';
import { headlineSchema, valueRefSchema } from './value.ts';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
};

const toJson = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.anyOf ?? s.oneOf) return (s.anyOf ?? s.oneOf)!.map(typeOf).join(' | ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.format) return `${s.type} (${s.format})`;
  return String(s.type ?? 'value');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A markdown table of an object schema's keys; nested objects get their own rows (`authors[].name`). */
function table(schema: JsonSchema, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    const required = schema.required?.includes(key) && value.default === undefined;
    const status = required ? 'required' : value.default !== undefined ? `default \`${JSON.stringify(value.default)}\`` : 'optional';
    const nested = value.type === 'array' && value.items?.properties ? value.items : value.properties ? value : undefined;
    rows.push(`| \`${name}\` | ${cell(nested && value.type !== 'array' ? 'object' : typeOf(value))} | ${status} | ${cell(value.description ?? '')} |`);
    if (nested && key !== 'labels') rows.push(...table(nested, `${name}${value.type === 'array' ? '[]' : ''}.`));
  }
  return rows;
}

const HEADER = ['| key | type | | what it is |', '| --- | --- | --- | --- |'];

/** docs/configuration.md */
export function configurationReference(): string {
  const labels = Object.entries(DEFAULT_LABELS).map(([key, value]) => `| \`labels.${key}\` | ${cell(JSON.stringify(value))} | ${cell(JSON.stringify((SUMMARY_LABELS as Record<string, string>)[key] ?? value))} |`);
  const components = Object.entries(MDX_COMPONENTS).map(([name, schema]) => {
    const json = toJson(schema);
    const attributes = Object.entries(json.properties ?? {}).map(([key, value]) => `\`${key}\`${json.required?.includes(key) && value.default === undefined ? '' : '?'}`);
    return `| \`<${name}>\` | ${attributes.join(', ') || 'none'} |`;
  });
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from the zod schemas in src/schemas/ by `npm run reference`; do not edit by hand. -->',
    '',
    'Every key the build reads, with its type, whether it is required, and what it does. An unknown key',
    'is an error that names its line and the closest known key. Editors that read JSON Schema',
    '(VS Code with the YAML extension, JetBrains IDEs) validate and complete these files with',
    '`schemas/report.schema.json`, `schemas/chapter.schema.json` and `schemas/chart.schema.json`',
    '(wired in `.vscode/settings.json`).',
    '',
    '## content/report.yaml',
    '',
    ...HEADER,
    ...table(toJson(reportSchema)),
    '',
    '### Labels',
    '',
    'Every phrase the layout prints around your text. Set any of them under `labels:`; the defaults',
    'depend on `kind`.',
    '',
    '| key | `kind: original` | `kind: summary` |',
    '| --- | --- | --- |',
    ...labels,
    '',
    '## Chapter frontmatter (content/chapters/*.mdx)',
    '',
    'Every chapter:',
    '',
    ...HEADER,
    ...table(toJson(otherChapterSchema)),
    '',
    'A chapter with `kind: finding` takes these instead:',
    '',
    ...HEADER,
    ...table(toJson(findingChapterSchema)),
    '',
    '## Values: `<Value>`, `headline:` and `{{ … }}`',
    '',
    'A value is one cell (`dataset`, `row`, `field`) or a statistic over rows (`dataset`, `stat`, and',
    '`field` and `where` as needed). The same attributes work in three places: `<Value … />` in a chapter,',
    'a finding\'s `headline:` (which adds `label` and `from_field`), and `{{ dataset="…" … }}` inside a',
    'claim, a headline label, or a chart\'s `title`, `description` or `usermeta.caption`.',
    '',
    ...HEADER,
    ...table(toJson(headlineSchema)),
    '',
    '## Components in chapters',
    '',
    'No import needed. Each use is checked at its line: an unknown component or attribute is an error.',
    '',
    '| component | attributes (`?` = optional) |',
    '| --- | --- |',
    ...components,
    '',
    '## Chart files (content/charts/<id>.vl.json)',
    '',
    'A plain Vega-Lite v6 spec, plus:',
    '',
    '| key | type | | what it is |',
    '| --- | --- | --- | --- |',
    '| `title` | string | required | The figure title. |',
    '| `description` | string | required | Alt text: what the chart shows, in one or two sentences. |',
    '| `usermeta.caption` | string | required | The sentence printed under the chart. |',
    '| `usermeta.source.label` | string | required | The name of the chart\'s source. |',
    '| `usermeta.source.url` | string (http or https) | required | Its address. |',
    '| `data.url` | string | required | A dataset in `data/`, written `data/<name>.csv`. |',
    `| \`usermeta.lint.<rule>\` | string | optional | Opt out of one chart lint rule, with the reason the reader is not misled. Rules: ${Object.entries(LINT_RULES).map(([rule, what]) => `\`${rule}\` (${what})`).join(', ')}. |`,
    '',
    '## Datasets (data/<name>.schema.ts)',
    '',
    '`defineDataset({ key, description, source?, download?, columns })` from `#schema`: `key` names the column whose',
    'value names a row; `source` (`{ label, url }`) is the dataset-level source; without it, the table',
    'needs a `source_url: sourceUrl()` column naming each row\'s source. Column types: `text`,',
    '`number({ min, max, integer, unit })`, `percent`, `count`, `oneOf([...])`, `sourceUrl`, `confidence`,',
    '`bound(\'<column>\')` (marks cells of another column as `lower` or `upper` bounds; empty = exact),',
    'and `optional(...)` around any of them. `download` (`\'full\'`, `\'chart-rows\'` or `\'none\'`) is what',
    'the site publishes: every row as `/data/<name>.csv`, only the rows each chart draws, or nothing beyond',
    'the charts (default: `\'full\'` up to 50,000 rows, `\'chart-rows\'` above).',
    '',
    'The data beside a schema is one of `<name>.csv`, `.tsv`, `.json`, `.jsonl`, `.parquet`, a DuckDB query',
    '`<name>.sql`, or a data loader `<name>.<ext>.<lang>` (`.ts` `.js` `.mjs` `.py` `.sh`) whose standard output',
    'is the file. Environment: `LOADER_TIMEOUT` (seconds a loader may run, default 600), `DATA_MEMORY_LIMIT`',
    '(DuckDB\'s memory, default `384MB`).',
    '',
  ].join('\n');
}

/** schemas/<name>.schema.json, keyed by file name. */
export function jsonSchemas(): Record<string, unknown> {
  const withId = (name: string, title: string, schema: object) => ({ $id: `https://research-report.invalid/schemas/${name}`, title, ...schema });
  return {
    'report.schema.json': withId('report.schema.json', 'content/report.yaml', toJson(reportSchema)),
    'chapter.schema.json': withId('chapter.schema.json', 'Chapter frontmatter', toJson(chapterSchema)),
    'value.schema.json': withId('value.schema.json', '<Value> attributes', toJson(valueRefSchema)),
    'chart.schema.json': {
      $id: 'https://research-report.invalid/schemas/chart.schema.json',
      title: 'content/charts/<id>.vl.json: a Vega-Lite v6 spec with the metadata the report needs',
      allOf: [
        { $ref: 'https://vega.github.io/schema/vega-lite/v6.json' },
        {
          type: 'object',
          required: ['title', 'description', 'usermeta', 'data'],
          properties: {
            description: { type: 'string', minLength: 1, description: 'Alt text: what the chart shows, in one or two sentences. May hold {{ … }} values.' },
            data: { type: 'object', required: ['url'], properties: { url: { type: 'string', pattern: '^data/[a-z0-9][a-z0-9_-]*\\.csv$', description: 'A dataset in data/.' } } },
            usermeta: {
              type: 'object',
              required: ['caption', 'source'],
              properties: {
                caption: { type: 'string', minLength: 1, description: 'The sentence printed under the chart. May hold {{ … }} values.' },
                source: { type: 'object', required: ['label', 'url'], properties: { label: { type: 'string', minLength: 1 }, url: { type: 'string', pattern: '^https?://' } } },
                lint: {
                  type: 'object',
                  description: 'Opt out of chart lint rules, each with the reason the reader is not misled.',
                  additionalProperties: false,
                  properties: Object.fromEntries(Object.entries(LINT_RULES).map(([rule, what]) => [rule, { type: 'string', minLength: 1, description: `Why this chart may have ${what}.` }])),
                },
              },
            },
          },
        },
      ],
    },
  };
}
