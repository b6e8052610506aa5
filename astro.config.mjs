// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slimVegaClient } from './src/build/slim-vega-client.ts';

// The render pool's child process (src/pipeline/render-pool.ts): its path, for pages Astro bundles elsewhere.
process.env.REPORT_RENDER_WORKER ??= fileURLToPath(new URL('./src/engines/render-worker.ts', import.meta.url));

// srcDir and publicDir are absolute so that scripts/build.ts can build a
// fixture site (tests/fixtures/<case>/, passed as `root`) with this generator.
export default defineConfig({
  srcDir: new URL('./src', import.meta.url).pathname,
  publicDir: new URL('./public', import.meta.url).pathname,
  integrations: [
    mdx(),
    {
      // Pages checking the report's files in `astro dev` need the report's folder (--root).
      name: 'report-root',
      hooks: {
        'astro:config:setup': ({ config, updateConfig }) => {
          updateConfig({ vite: { define: { 'import.meta.env.REPORT_ROOT': JSON.stringify(fileURLToPath(config.root)) } } });
        },
        // `astro dev`: an edit to data/, the chart specs or the bibliography
        // reloads the open page (after refreshing the bibliography's collection).
        // The page reads the report model, loaded again because a file changed,
        // and shows its problems in the overlay (throwCurrentProblems in queries.ts).
        'astro:server:setup': ({ server, refreshContent }) => {
          const root = server.config.root;
          const watched = ['data', 'content/charts', 'content/references.bib'].map((p) => join(root, p));
          server.watcher.add(watched);
          /** @param {string} path */
          const refresh = (path) => {
            if (watched.some((w) => path.startsWith(w))) {
              void Promise.resolve(refreshContent?.({ loaders: ['bibtex-references'] })).then(() => server.environments.client.hot.send({ type: 'full-reload', path: '*' }));
            }
          };
          for (const event of ['change', 'add', 'unlink']) server.watcher.on(event, refresh);
        },
      },
    },
  ],
  // Styles always in files: the Content-Security-Policy allows no inline <style>.
  // Routes render a few at a time, so PNG and social-card rasterising keeps both render-pool children busy.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // The chart renderer (a slim Vega runtime, src/client/vega-runtime.ts) is one lazy chunk of ~400 kB raw, loaded only for charts that need it.
  vite: {
    plugins: [slimVegaClient()],
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
