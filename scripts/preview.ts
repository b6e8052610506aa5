/**
 * `npm run preview`: serve the built site on http://localhost:4321 with the
 * headers its `_headers` file gives each path (the Content-Security-Policy
 * with frame-ancestors, CORS on the charts), as Netlify or Cloudflare Pages
 * would send them; `astro preview` sends none. Options: --outDir, --port, --host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sirv from 'sirv';
import { headersFor, parseHeadersFile } from '../src/security/headers-rules.ts';

const { values } = parseArgs({ options: { outDir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: false });
const root = resolve(process.env.REPORT_ROOT ?? process.cwd());
const dir = resolve(root, typeof values.outDir === 'string' ? values.outDir : (process.env.OUT_DIR ?? 'dist'));
if (!existsSync(`${dir}/index.html`)) {
  console.error(`${dir} holds no built site; run npm run build first.`);
  process.exit(1);
}
const rules = existsSync(`${dir}/_headers`) ? parseHeadersFile(readFileSync(`${dir}/_headers`, 'utf8')) : [];
const files = sirv(dir, { dev: true, etag: true, extensions: ['html'] });
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://preview').pathname);
  for (const [name, value] of headersFor(rules, path)) res.setHeader(name, value);
  files(req, res, () => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(existsSync(`${dir}/404.html`) ? readFileSync(`${dir}/404.html`) : 'Not found');
  });
});
const port = Number(typeof values.port === 'string' ? values.port : 4321);
const host = typeof values.host === 'string' ? values.host : 'localhost';
server.listen(port, host, () => console.log(`serving ${dir} on http://${host}:${port}/`));
