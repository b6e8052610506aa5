/**
 * Stage: `content/charts/<id>.vl.json` -> a Vega-Lite spec plus its metadata.
 *
 * A spec is code and a CSV is data: the spec may only name a dataset in
 * `data/` by its file name; it never reaches the file system or the network.
 */
import { z } from 'zod';
import { quote, type Problem } from '../errors/report-error.ts';
import { positionOfOffset, positionOfPath } from './json-position.ts';

export const DATA_URL = /^data\/([a-z0-9][a-z0-9_-]*)\.csv$/;

const chartSpecSchema = z.looseObject({
  $schema: z.string().optional(),
  title: z.union([z.string().min(1), z.looseObject({ text: z.union([z.string().min(1), z.array(z.string()).min(1)]) })]),
  description: z.string().min(1),
  data: z.looseObject({ url: z.string() }),
  usermeta: z.looseObject({
    caption: z.string().min(1),
    source: z.object({ label: z.string().min(1), url: z.url({ protocol: /^https?$/ }) }),
  }),
});

export interface ChartMeta {
  id: string;
  file: string;
  title: string;
  /** Alt text: what the chart shows, for readers who cannot see it. */
  description: string;
  caption: string;
  source: { label: string; url: string };
  /** Names of the datasets the spec reads (`data/<name>.csv`). */
  datasets: string[];
}

export interface LoadedChart {
  meta: ChartMeta;
  /** The spec exactly as written. */
  spec: Record<string, unknown>;
  /** The spec text, for error positions. */
  text: string;
}

export type LoadChartResult = { ok: true; chart: LoadedChart } | { ok: false; problems: Problem[] };

const EXPECTED_BY_PATH: Record<string, string> = {
  title: 'a title (string)',
  description: 'a description: one or two sentences of alt text saying what the chart shows',
  'data.url': 'a data.url naming a dataset, like "data/interventions.csv"',
  usermeta: 'a usermeta object with caption and source',
  'usermeta.caption': 'usermeta.caption: the sentence printed under the chart',
  'usermeta.source': 'usermeta.source: { "label": ..., "url": "https://..." }',
  'usermeta.source.label': 'usermeta.source.label: the name of the source',
  'usermeta.source.url': 'usermeta.source.url: an http(s) address',
};

/** Every `data` object in the spec (top level, layers, lookups), with its path. */
export function findDataRefs(node: unknown, path: (string | number)[] = []): { path: (string | number)[]; url: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => findDataRefs(item, [...path, i]));
  if (typeof node !== 'object' || node === null) return [];
  const refs: { path: (string | number)[]; url: unknown }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'data' && typeof value === 'object' && value !== null && 'url' in value) {
      refs.push({ path: [...path, 'data', 'url'], url: (value as { url: unknown }).url });
    } else {
      refs.push(...findDataRefs(value, [...path, key]));
    }
  }
  return refs;
}

/** Parse and check one chart spec file. `datasetNames` are the datasets that exist. */
export function loadChartSpec(text: string, file: string, id: string, datasetNames: readonly string[]): LoadChartResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec(String((error as Error).message));
    const pos = match ? positionOfOffset(text, Number(match[1])) : undefined;
    return { ok: false, problems: [{ file, ...pos, expected: 'valid JSON', found: (error as Error).message.replace(/^.*?: /, '').replace(/ in JSON at position \d+.*$/, ''), fix: 'check for a missing comma or quote, or a trailing comma' }] };
  }
  const parsed = chartSpecSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const input = (issue as { input?: unknown }).input;
        return {
          file,
          ...positionOfPath(text, issue.path as (string | number)[]),
          field: key || undefined,
          expected: EXPECTED_BY_PATH[key] ?? issue.message,
          found: input === undefined ? 'nothing' : quote(JSON.stringify(input)),
        };
      }),
    };
  }
  const spec = parsed.data;
  const problems: Problem[] = [];
  const datasets: string[] = [];
  for (const ref of findDataRefs(spec)) {
    const where = { file, ...positionOfPath(text, ref.path), field: ref.path.join('.') };
    const url = typeof ref.url === 'string' ? ref.url : '';
    const match = DATA_URL.exec(url);
    if (!match) {
      problems.push({ ...where, expected: 'a dataset in data/, written as "data/<name>.csv"', found: typeof ref.url === 'string' ? quote(ref.url) : quote(JSON.stringify(ref.url) ?? String(ref.url)), fix: 'charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs' });
      continue;
    }
    const name = match[1]!;
    if (!datasetNames.includes(name)) {
      problems.push({ ...where, expected: `one of the datasets in data/ (${datasetNames.join(', ') || 'none yet'})`, found: quote(url), fix: `add data/${name}.csv with its schema data/${name}.schema.ts, or fix the name` });
      continue;
    }
    if (!datasets.includes(name)) datasets.push(name);
  }
  if (problems.length > 0) return { ok: false, problems };
  const title = typeof spec.title === 'string' ? spec.title : [spec.title.text].flat().join(' ');
  return {
    ok: true,
    chart: {
      meta: { id, file, title, description: spec.description, caption: spec.usermeta.caption, source: spec.usermeta.source, datasets },
      spec,
      text,
    },
  };
}
