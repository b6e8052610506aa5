/** The built default site on localhost and a Chromium to look at it, for one test file. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';
import { SITE_DIR } from './global-setup.ts';
import { serveDir, type StaticServer } from './serve.ts';

export interface ServedSite {
  browser: Browser;
  server: StaticServer;
}

/** Start before the file's tests, stop after them; read the fields inside tests. */
export function useServedSite(dir = SITE_DIR): ServedSite {
  const site = {} as ServedSite;
  beforeAll(async () => {
    site.server = await serveDir(dir);
    site.browser = await launchChromium();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
