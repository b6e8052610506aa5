// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// srcDir and publicDir are absolute so that scripts/build.ts can build a
// fixture site (tests/fixtures/<case>/, passed as `root`) with this generator.
export default defineConfig({
  srcDir: new URL('./src', import.meta.url).pathname,
  publicDir: new URL('./public', import.meta.url).pathname,
  integrations: [mdx()],
  // Styles always in files: the Content-Security-Policy allows no inline <style>.
  build: { format: 'directory', inlineStylesheets: 'never' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // The chart renderer (a slim Vega runtime, src/client/vega-runtime.ts) is one lazy chunk of ~420 kB raw, loaded only when a chart is used.
  vite: {
    build: {
      chunkSizeWarningLimit: 700,
      rolldownOptions: {
        // Astro's own MDX modules carry a directive the bundler warns about on every chapter; it is harmless.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
});
