/**
 * Upgrade each static chart to the interactive one when it comes near the
 * viewport, or when a reader touches or focuses it. This file is tiny on
 * purpose: charts that only show tooltips get them from the build-time SVG
 * (static-tooltips.ts); the renderer (Vega) is a separate chunk loaded only
 * for charts marked `data-needs-runtime` (selections, bindings, pan and zoom).
 */
import { loadTablesOnOpen } from './data-tables.ts';
import { keepShownLayout } from './static-layout.ts';
import { enableStaticTooltips } from './static-tooltips.ts';

type ChartView = typeof import('./chart-view.ts');
let renderer: Promise<ChartView> | undefined;
let selection: Promise<typeof import('./static-selection.ts')> | undefined;

function upgrade(figure: HTMLElement): void {
  if (figure.dataset.interactive) return;
  // Most charts only show tooltips, or a point selection: the build put them on the static SVG, Vega never loads.
  if (figure.dataset.needsRuntime === undefined) {
    const frame = figure.querySelector<HTMLElement>('.chart-frame');
    figure.dataset.interactive = 'loading';
    (frame ? keepShownLayout(frame) : Promise.resolve())
      .then(async () => {
        enableStaticTooltips(figure);
        // Point selections the build could draw (click and legend), without Vega: a small chunk of their own.
        if (figure.dataset.selection) (await (selection ??= import('./static-selection.ts'))).enableStaticSelection(figure);
      })
      .then(() => (figure.dataset.interactive = 'ready'))
      .catch((error: unknown) => {
        figure.dataset.interactive = 'failed';
        console.warn(`chart ${figure.dataset.chart}: ${String(error)}`);
      });
    return;
  }
  figure.dataset.interactive = 'loading';
  renderer ??= import('./chart-view.ts');
  renderer
    .then((view) => view.makeInteractive(figure))
    .then(() => (figure.dataset.interactive = 'ready'))
    .catch((error: unknown) => {
      // The static SVG stays: the reader loses tooltips, not the chart.
      figure.dataset.interactive = 'failed';
      console.warn(`chart ${figure.dataset.chart}: staying static (${String(error)})`);
    });
}

export function hydrateCharts(root: ParentNode = document): void {
  loadTablesOnOpen();
  const figures = [...root.querySelectorAll<HTMLElement>('figure[data-chart]')];
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        upgrade(entry.target as HTMLElement);
      }
    },
    { rootMargin: '200px 0px' },
  );
  for (const figure of figures) {
    observer.observe(figure);
    for (const type of ['pointerenter', 'focusin', 'touchstart'] as const) {
      figure.addEventListener(type, () => upgrade(figure), { once: true, passive: true });
    }
  }
}
