/**
 * "Show data" tables are fetched when a reader first opens them
 * (`details.chart-data[data-table][data-part]`, see ChartData.astro); the page ships only
 * a link to the CSV. The fragment is the build's own HTML, every cell escaped.
 */
async function load(details: HTMLDetailsElement): Promise<void> {
  const url = details.dataset.table;
  const region = details.querySelector('.table-scroll');
  if (!url || !region) return;
  delete details.dataset.table;
  details.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    // One part per dataset of the chart; the CSV link stays under the table: it has every row.
    const part = template.content.children[Number(details.dataset.part ?? 0)];
    if (!part) throw new Error(`no table ${details.dataset.part} in it`);
    region.prepend(...part.childNodes);
  } catch (error) {
    details.dataset.table = url; // try again when reopened; the CSV link is still there
    console.warn(`${url}: the table stays a link to the CSV (${String(error)})`);
  } finally {
    details.removeAttribute('aria-busy');
  }
}

export function loadTablesOnOpen(root: Document = document): void {
  // `toggle` does not bubble: listen in the capture phase, once for the page.
  root.addEventListener('toggle', (event) => {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.open && details.dataset.table) void load(details);
  }, true);
}
