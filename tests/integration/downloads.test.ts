/**
 * Every chart travels on its own: the spec validates against Vega-Lite's
 * schema, the PNG decodes at 2x, the SVG parses, the CSV reads back to the
 * dataset's rows (formula-looking text neutralised), oEmbed answers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'node-html-parser';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { FULL_FIXTURE, SITE_DIR } from '../support/global-setup.ts';

const chartIds = readdirSync(join(FULL_FIXTURE, 'content/charts')).filter((f) => f.endsWith('.vl.json')).map((f) => f.replace('.vl.json', '')).sort();
const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const read = (path: string) => readFileSync(join(SITE_DIR, path));

function datasetOf(id: string): string {
  const spec = JSON.parse(readFileSync(join(FULL_FIXTURE, `content/charts/${id}.vl.json`), 'utf8'));
  return /^data\/(.+)\.csv$/.exec(spec.data.url)![1]!;
}

describe.each(chartIds)('%s', (id) => {
  test('its spec has $schema, inline data and validates against the Vega-Lite schema', () => {
    const spec = JSON.parse(read(`charts/${id}.vl.json`).toString('utf8'));
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  test("its spec keeps the author's encoding: every format string and title as written", () => {
    const published = read(`charts/${id}.vl.json`).toString('utf8');
    const authored = readFileSync(join(FULL_FIXTURE, `content/charts/${id}.vl.json`), 'utf8');
    const strings = (text: string, key: string) => [...text.matchAll(new RegExp(`"${key}":\\s*("(?:[^"\\\\]|\\\\.)*")`, 'g'))].map((m) => JSON.parse(m[1]!) as string);
    for (const key of ['format', 'title']) {
      for (const value of strings(authored, key)) expect(strings(published, key), `${key} ${value}`).toContain(value);
    }
  });

  test('its PNG decodes at twice the SVG size', () => {
    const svg = parse(read(`charts/${id}.svg`).toString('utf8')).querySelector('svg')!;
    const png = PNG.sync.read(read(`charts/${id}.png`));
    expect(png.width).toBe(Number(svg.getAttribute('width')) * 2);
    expect(png.height).toBe(Number(svg.getAttribute('height')) * 2);
    // Not blank: some pixels are the bar/axis colours, not all white.
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  test('its SVG parses, carries the title and has marks', () => {
    const text = read(`charts/${id}.svg`).toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    const svg = parse(text).querySelector('svg')!;
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(svg.querySelectorAll('.role-mark').length).toBeGreaterThan(0);
    const spec = JSON.parse(readFileSync(join(FULL_FIXTURE, `content/charts/${id}.vl.json`), 'utf8'));
    expect(svg.querySelector('.role-title-text')?.text).toBe(spec.title);
  });

  test('its CSV reads back to the same rows as the dataset', () => {
    const downloaded = Papa.parse<Record<string, string>>(read(`charts/${id}.csv`).toString('utf8'), { header: true, skipEmptyLines: true });
    const original = Papa.parse<Record<string, string>>(readFileSync(join(FULL_FIXTURE, `data/${datasetOf(id)}.csv`), 'utf8'), { header: true, skipEmptyLines: true });
    expect(downloaded.errors).toEqual([]);
    expect(downloaded.meta.fields).toEqual(original.meta.fields);
    const normalise = (rows: Record<string, string>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v])));
    expect(normalise(downloaded.data)).toEqual(normalise(original.data));
  });

  test('its oEmbed answer is a rich embed of the iframe snippet, discoverable from the embed page', () => {
    const oembed = JSON.parse(read(`oembed/${id}.json`).toString('utf8'));
    expect(oembed).toMatchObject({ version: '1.0', type: 'rich', width: 640 });
    expect(oembed.height).toBeGreaterThan(200);
    expect(oembed.html).toMatch(new RegExp(`^<iframe src="[^"]*/embed/${id}/" title="[^"]+" width="100%" height="${oembed.height}"`));
    const embed = parse(read(`embed/${id}/index.html`).toString('utf8'));
    expect(embed.querySelector('link[rel="alternate"][type="application/json+oembed"]')?.getAttribute('href')).toMatch(new RegExp(`/oembed/${id}\\.json$`));
  });
});
