/**
 * The Content-Security-Policy of every page. No `unsafe-eval` (Vega runs its
 * expressions through the CSP-safe interpreter), no inline script except the
 * one below, allowed by its hash; nothing loads from another origin.
 */
import { createHash } from 'node:crypto';

/** Runs before first paint so a reader's saved theme applies without a flash. */
export const THEME_SCRIPT =
  "try{var t=localStorage.getItem('report-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";

export function sha256Source(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", sha256Source(THEME_SCRIPT)],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** The policy for a `<meta http-equiv>` tag (which cannot carry frame-ancestors). */
export function metaPolicy(): string {
  return Object.entries(DIRECTIVES)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The policy as an HTTP header: report pages may not be framed elsewhere, embed pages may be framed anywhere. */
export function headerPolicy(framable: boolean): string {
  return `${metaPolicy()}; frame-ancestors ${framable ? '*' : "'self'"}`;
}

/**
 * A `_headers` file (Netlify, Cloudflare Pages and others read it) with the same policies.
 *
 * Hosts apply every rule whose path matches and join the values of a header
 * they set twice (Cloudflare Pages documents this): a `/*` policy would be
 * added to the `/embed/*` one, two policies would both be enforced, and the
 * stricter `frame-ancestors 'self'` would block every embed. So no rule that
 * sets the policy overlaps another: embed pages get theirs by prefix, every
 * other page (`pages`, the built HTML files' paths) gets its own exact rule,
 * and `/*` carries only the headers every file gets.
 */
export function headersFile(base: string, pages: string[] = ['index.html']): string {
  const b = base.replace(/\/$/, '');
  const reportPages = pages
    .filter((page) => !page.startsWith('embed/'))
    .flatMap((page) => (page === 'index.html' ? ['/', '/index.html'] : page.endsWith('/index.html') ? [`/${page.slice(0, -'index.html'.length)}`, `/${page}`] : [`/${page}`]))
    .sort();
  return [
    `${b}/*`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    `${b}/embed/*`,
    `  Content-Security-Policy: ${headerPolicy(true)}`,
    ...reportPages.flatMap((path) => [`${b}${path}`, `  Content-Security-Policy: ${headerPolicy(false)}`]),
    `${b}/charts/*`,
    // Specs and data are meant to be fetched by vega-embed on other sites.
    '  Access-Control-Allow-Origin: *',
    `${b}/oembed/*`,
    '  Access-Control-Allow-Origin: *',
    '',
  ].join('\n');
}
