/**
 * The embed page's own behaviour: `?theme=light|dark` forces a theme, and the
 * page tells its parent how tall its content is, so `/embed.js` on the host
 * page can size the iframe exactly (no inner scrollbar).
 */
export const EMBED_MESSAGE_TYPE = 'research-report:embed-height';

export function applyThemeParam(): void {
  const theme = new URLSearchParams(location.search).get('theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
}

export function reportHeight(chartId: string): void {
  if (window.parent === window) return;
  const main = document.querySelector('main');
  if (!main) return;
  let last = 0;
  const send = () => {
    const padding = parseFloat(getComputedStyle(document.body).paddingBottom) || 0;
    // The content's bottom edge, not the document's height: that would never shrink.
    const height = Math.ceil(main.getBoundingClientRect().bottom + padding + window.scrollY);
    if (height === last) return;
    last = height;
    // The height is not a secret: any parent may read it; embed.js checks who sent it.
    window.parent.postMessage({ type: EMBED_MESSAGE_TYPE, chart: chartId, height }, '*');
  };
  new ResizeObserver(send).observe(main);
  window.addEventListener('load', send);
  send();
}
