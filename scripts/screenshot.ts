/** `node scripts/screenshot.ts [out-dir]`: screenshots of the built site at 1280 and 375 px, light and dark. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from '../tests/support/chromium.ts';
import { serveDir } from '../tests/support/serve.ts';

const out = resolve(process.argv[2] ?? 'tests/.output/screenshots');
const path = process.argv[3] ?? '/';
await mkdir(out, { recursive: true });
// SITE_DIR: another built site (a fixture's), instead of dist/.
const server = await serveDir(resolve(process.env.SITE_DIR ?? 'dist'));
const browser = await launchChromium();
try {
  for (const [name, width] of [['desktop', 1280], ['mobile', 375]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      await page.goto(server.url + path, { waitUntil: 'networkidle' });
      const file = join(out, `${name}-${scheme}${path.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
