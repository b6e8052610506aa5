/** One interaction with a chart in Chromium, as a reader would try it. */
import type { Page } from 'playwright-core';

/** Hover, click, drag and set any bound input; true when the SVG changed. */
export async function interact(page: Page, selector: string): Promise<boolean> {
  const snapshot = () => page.evaluate((s) => document.querySelector(s)?.innerHTML ?? '', selector);
  const before = await snapshot();
  const box = await page.locator(`${selector} svg`).first().boundingBox();
  if (!box) return false;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  for (const [fx, fy] of [[0.5, 0.5], [0.3, 0.4], [0.6, 0.6]] as const) {
    await page.mouse.move(...at(fx, fy), { steps: 3 });
    await page.waitForTimeout(60);
    if ((await snapshot()) !== before) return true;
  }
  await page.mouse.click(...at(0.5, 0.5));
  await page.waitForTimeout(100);
  if ((await snapshot()) !== before) return true;
  // A click on a mark itself (point selections): the middle of the first data mark drawn.
  const marks = page.locator(`${selector} svg .role-mark > path, ${selector} svg .role-mark > rect, ${selector} svg .role-mark > line`);
  const mark = (await marks.count()) > 0 ? await marks.first().boundingBox().catch(() => null) : null;
  if (mark && mark.width * mark.height > 0) {
    await page.mouse.click(mark.x + mark.width / 2, mark.y + mark.height / 2);
    await page.waitForTimeout(100);
    if ((await snapshot()) !== before) return true;
  }
  // A legend entry (selections bound to the legend).
  // (Counted first: a locator's boundingBox() waits for an element that may never come.)
  const entries = page.locator(`${selector} svg .role-legend-symbol > path`);
  // Scrolled to first: a chart filling a wide embed page may have its legend below the fold.
  if ((await entries.count()) > 0) await entries.first().scrollIntoViewIfNeeded().catch(() => undefined);
  const entry = (await entries.count()) > 0 ? await entries.first().boundingBox().catch(() => null) : null;
  if (entry && entry.width * entry.height > 0) {
    await page.mouse.click(entry.x + entry.width / 2, entry.y + entry.height / 2);
    await page.waitForTimeout(100);
    if ((await snapshot()) !== before) return true;
  }
  await page.mouse.move(...at(0.3, 0.3));
  await page.mouse.down();
  await page.mouse.move(...at(0.7, 0.7), { steps: 6 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  if ((await snapshot()) !== before) return true;
  await page.mouse.wheel(0, -200);
  await page.waitForTimeout(100);
  if ((await snapshot()) !== before) return true;
  // Bound inputs: move each range, flip each checkbox, pick the second option.
  await page.evaluate((s) => {
    for (const input of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>(`${s} input, ${s} select`)) {
      if (input instanceof HTMLSelectElement) input.selectedIndex = input.options.length > 1 ? 1 : 0;
      else if (input.type === 'checkbox') input.checked = !input.checked;
      else if (input.type === 'radio') input.checked = true;
      else if (input.type === 'range') input.value = String((Number(input.min) + Number(input.max)) / 3 + Number(input.min) / 3);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, selector);
  await page.waitForTimeout(150);
  return (await snapshot()) !== before;
}
