// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// srcDir and publicDir are absolute so that scripts/build.ts can build a
// fixture site (tests/fixtures/<case>/, passed as `root`) with this generator.
export default defineConfig({
  srcDir: new URL('./src', import.meta.url).pathname,
  publicDir: new URL('./public', import.meta.url).pathname,
  integrations: [mdx()],
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // The chart renderer (Vega) is one lazy chunk of ~500 kB raw; it is loaded only when a chart is used.
  vite: { build: { chunkSizeWarningLimit: 700 } },
});
