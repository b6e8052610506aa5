/** `npm run reference`: write docs/configuration.md and schemas/*.schema.json from the zod schemas. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configurationReference, jsonSchemas } from '../src/schemas/reference.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
await mkdir(join(repo, 'schemas'), { recursive: true });
await writeFile(join(repo, 'docs/configuration.md'), configurationReference());
for (const [name, schema] of Object.entries(jsonSchemas())) await writeFile(join(repo, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
console.log('wrote docs/configuration.md and schemas/*.schema.json');
