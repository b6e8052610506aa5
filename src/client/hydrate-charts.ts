/**
 * Upgrade each static chart to the interactive one when it comes near the
 * viewport, or when a reader touches or focuses it. This file is tiny on
 * purpose: the renderer (Vega) is a separate chunk loaded on first need.
 */
type ChartView = typeof import('./chart-view.ts');
let renderer: Promise<ChartView> | undefined;

function upgrade(figure: HTMLElement): void {
  if (figure.dataset.interactive) return;
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
