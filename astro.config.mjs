// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// REPORT_ROOT lets the tests build a fixture site with this same generator.
const root = process.env.REPORT_ROOT ?? undefined;

export default defineConfig({
  root,
  srcDir: new URL('./src', import.meta.url).pathname,
  publicDir: new URL('./public', import.meta.url).pathname,
  integrations: [mdx()],
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
});
