/**
 * The JSON the site publishes for other sites to load (`/charts/<id>.vl.json`
 * and the compiled `.vg.json`), made safe for a host that embeds it with
 * vega-embed's defaults.
 *
 * vega-embed's "View Source" and "View Compiled Vega" actions write the spec,
 * re-serialised, into a new window on the host's origin with
 * `document.write`, unescaped: a CSV cell `</code><img onerror=...>` would
 * run there. The spec itself turns those two actions off (vega-embed obeys
 * `usermeta.embedOptions` over the host's own options), and the JSON text
 * has no `<`, `>` or `&` (written `\u003c` ...), so it holds no markup
 * wherever a host pastes it, an inline `<script>` included.
 */

/** The only embed options a published spec carries; an author's own are refused (check-chart-links). */
export const PUBLISHED_EMBED_OPTIONS = { actions: { export: true, source: false, compiled: false, editor: true } };

/** JSON with `<`, `>`, `&` and the JavaScript line separators escaped: the same value, no markup in the text. */
export function htmlSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A spec as published: our embed options in its usermeta, and HTML-safe JSON text. */
export function publishedSpecJson(spec: Record<string, unknown>, indent?: number): string {
  const usermeta = typeof spec.usermeta === 'object' && spec.usermeta !== null ? spec.usermeta : {};
  return `${htmlSafeJson({ ...spec, usermeta: { ...usermeta, embedOptions: PUBLISHED_EMBED_OPTIONS } }, indent)}\n`;
}
