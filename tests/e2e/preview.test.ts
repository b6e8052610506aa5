/** `npm run preview` serves the built site: the report, a chart's files and an embed page answer. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { relative } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { SITE_DIR } from '../support/global-setup.ts';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => children.forEach((c) => c.kill()));

test('npm run preview serves the built report and its chart files', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  // The same command as `npm run preview`, pointed at the test build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  const child = spawn(process.execPath, ['scripts/preview.ts', '--outDir', relative(process.cwd(), SITE_DIR), '--port', String(port), '--host', '127.0.0.1'], { env });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  let page: Response | undefined;
  for (let waited = 0; waited < 30_000 && !page?.ok; waited += 300) {
    page = await fetch(`${url}/`).catch(() => undefined);
    if (!page?.ok) await new Promise((r) => setTimeout(r, 300));
  }
  expect(page?.status).toBe(200);
  expect(await page!.text()).toContain('data-finding="1"');
  for (const path of ['/charts/weekly-trend.svg', '/charts/weekly-trend.png', '/embed/weekly-trend/', '/charts/weekly-trend.vl.json']) {
    expect((await fetch(url + path)).status, path).toBe(200);
  }
});
