/** The configuration reference and JSON Schemas are generated from the zod schemas: the committed copies must match them. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configurationReference, jsonSchemas } from '../../src/schemas/reference.ts';

describe('generated reference', () => {
  test('docs/configuration.md is up to date (run npm run reference after changing a schema)', () => {
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(configurationReference());
  });

  test.each(Object.entries(jsonSchemas()))('schemas/%s is up to date', (name, schema) => {
    expect(JSON.parse(readFileSync(`schemas/${name}`, 'utf8'))).toEqual(schema);
  });

  test('the report.yaml JSON Schema accepts the fixture reports and rejects an unknown key, as the build does', () => {
    const validate = new Ajv2020({ strict: false }).compile(jsonSchemas()['report.schema.json'] as object);
    for (const fixture of ['report-full', 'report-seattle', 'minimal']) {
      const yaml = parseYaml(readFileSync(`tests/fixtures/${fixture}/content/report.yaml`, 'utf8'));
      expect(validate(yaml), `${fixture}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ title: 'T', authors: [{ name: 'A' }], date: '2026-01-01', abstract: 'x', titel: 'typo' })).toBe(false);
  });

  test('every key of report.yaml and of finding frontmatter is documented', () => {
    const doc = configurationReference();
    for (const key of ['title', 'kind', 'lang', 'labels', 'sources', 'license', 'kind_note', 'number', 'claim', 'headline', 'evidence', 'stat', 'where']) expect(doc).toContain(`\`${key}\``);
  });
});
