/** Serve a built site on a free localhost port (sirv), for browser tests and screenshots. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

export async function serveDir(dir: string): Promise<StaticServer> {
  // Static hosts such as GitHub Pages answer with CORS "*": embeds on other sites fetch the specs.
  const handler = sirv(dir, { dev: true, etag: false, extensions: ['html'], setHeaders: (res) => res.setHeader('Access-Control-Allow-Origin', '*') });
  const server: Server = createServer((req, res) => handler(req, res, () => {
    res.statusCode = 404;
    res.end('not found');
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
