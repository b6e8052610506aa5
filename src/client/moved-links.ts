/**
 * Links into a report that has become several pages. Before, every chapter,
 * figure and reference was on `/`, so `/#figure-<id>` links live on in other
 * sites and notes. When the hash names nothing on this page, look it up in
 * the build's map of ids to pages (`/page-map.json`, fetched only then) and
 * go to the page that holds it, with the same hash.
 */
interface PageMap {
  ids: Record<string, string>;
}

let map: Promise<PageMap> | undefined;

async function follow(url: string): Promise<void> {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id || document.getElementById(id)) return;
  map ??= fetch(url).then((r) => r.json() as Promise<PageMap>);
  const page = (await map).ids[id];
  if (page && page !== location.pathname) location.replace(`${page}${location.hash}`);
}

export function followMovedLinks(): void {
  const url = document.body.dataset.pageMap;
  if (!url) return;
  const go = () => void follow(url).catch(() => {});
  go();
  addEventListener('hashchange', go);
}
