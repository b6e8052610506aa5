/**
 * The interactive chart: the build's compiled Vega spec rendered by Vega in
 * place of the static SVG, with tooltips. Vega-Lite is compiled at build time,
 * so its compiler never ships; expressions run through Vega's CSP-safe
 * interpreter, never `eval`.
 */
import { parse, View, type Spec } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { Handler } from 'vega-tooltip';

const tooltip = new Handler({ disableDefaultStyle: true });

export async function makeInteractive(figure: HTMLElement): Promise<View> {
  const frame = figure.querySelector<HTMLElement>('.chart-frame');
  if (!frame?.dataset.spec) throw new Error('no .chart-frame[data-spec] in the figure');
  const response = await fetch(frame.dataset.spec);
  if (!response.ok) throw new Error(`${frame.dataset.spec}: HTTP ${response.status}`);
  const spec = (await response.json()) as Spec;
  const host = document.createElement('div');
  host.className = 'chart-live';
  const view = new View(parse(spec, undefined, { ast: true }), {
    expr: expressionInterpreter,
    renderer: 'svg',
    container: host,
    hover: true,
    tooltip: tooltip.call,
  });
  // Narrow screens get the chart laid out for their width (labels stay
  // readable, hover hits the right mark) instead of a scaled-down picture.
  const available = Math.floor(frame.clientWidth);
  if (available > 0 && available < view.width()) view.width(available);
  await view.runAsync();
  // Swap in one step, at the same size: no layout shift.
  frame.replaceChildren(host);
  return view;
}
