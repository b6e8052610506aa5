/**
 * Progressive enhancement for "Embed / Download": a copy button, and absolute
 * URLs in the snippet when the site's address was not configured at build time.
 */
export function enhanceChartTools(root: ParentNode = document): void {
  for (const area of root.querySelectorAll<HTMLTextAreaElement>('textarea[data-embed-snippet][data-relative]')) {
    area.value = area.value.replace(/(src=")\//g, `$1${location.origin}/`);
  }
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy-target]')) {
    const area = document.getElementById(button.dataset.copyTarget ?? '') as HTMLTextAreaElement | null;
    if (!area) continue;
    button.hidden = false;
    const status = button.parentElement?.querySelector('.copy-status');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(area.value);
        if (status) status.textContent = 'Copied.';
      } catch {
        area.select();
        if (status) status.textContent = 'Press Ctrl+C (or ⌘C) to copy.';
      }
    });
  }
}
