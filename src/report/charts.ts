/** Load every `content/charts/<id>.vl.json`: check it, bind its data, compile it. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Spec as VegaSpec } from 'vega';
import { quote, type Problem } from '../errors/report-error.ts';
import { bindChartData, checkChartFields, MAX_CHART_ROWS } from '../pipeline/bind-chart-data.ts';
import { RENDER_TIMEOUT_MS, RenderFailure, renderSvgInPool } from '../engines/render-pool.ts';
import { aggregateAtBuild } from '../pipeline/aggregate-at-build.ts';
import { checkChartExpressions, checkCompiledExpressions } from '../pipeline/check-chart-expressions.ts';
import { checkChartLinks } from '../pipeline/check-chart-links.ts';
import { checkVegaParse } from '../pipeline/check-vega-parse.ts';
import { compileChart } from '../pipeline/compile-chart.ts';
import { chartDownloads, type ChartDownload } from '../pipeline/chart-downloads.ts';
import { inlineDatasets } from '../pipeline/inline-datasets.ts';
import { chartInUtc, temporalFields, usesNow } from '../pipeline/utc-time.ts';
import { startAtFirstFrame } from '../pipeline/first-frame.ts';
import { runtimeNeeds } from '../client/runtime-parts.ts';
import type { StaticSelection } from '../pipeline/static-selection.ts';
import { CHART_WIDTH, NARROW_WIDTH, downloadChartConfig, narrowChartConfig } from '../pipeline/chart-theme.ts';
import { lintDatasets, lintProblems } from '../pipeline/lint-chart.ts';
import { DATA_URL, findDataRefs, loadChartSpec, type ChartMeta } from '../pipeline/load-chart-spec.ts';
import type { TypedTable } from '../pipeline/validate-rows.ts';
import type { Dataset } from './datasets.ts';
import type { MapFile } from './map-files.ts';
import { checkReadableFile } from './safe-file.ts';
import { fillChartTexts } from './chart-texts.ts';
import { workCounts } from './model.ts';
import { chartCacheKey, pruneCachedCharts, readCachedChart, writeCachedChart } from './chart-cache.ts';
import { valueTablesOf } from './values.ts';
import { SharedRows } from './shared-rows.ts';

export const CHART_ID = /^[a-z0-9][a-z0-9-]*$/;
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface CompiledChart {
  meta: ChartMeta;
  /** The Vega-Lite spec with its rows inlined and `$schema` set: works anywhere. */
  standaloneSpec: Record<string, unknown>;
  /** Compiled with its title: for the SVG and PNG downloads, which travel alone. */
  vegaSpec: VegaSpec;
  /** Compiled without its title: the page prints the title as text in the figure caption. */
  pageVegaSpec: VegaSpec;
  /** The page version laid out for phones (shorter labels, stacked legend). */
  narrowVegaSpec: VegaSpec;
  /** The rows the chart draws, one table per data source (its CSV downloads). */
  downloads: ChartDownload[];
  /** `vegaSpec` rendered (in the render pool, within its time limit): the SVG download. */
  svg: string;
  /** `pageVegaSpec` and `narrowVegaSpec` rendered with each mark's tooltip on it: what the page shows. */
  pageSvg: string;
  narrowSvg: string;
  /** A point selection the page makes without Vega, from marks annotated in both SVGs (src/pipeline/static-selection.ts). */
  staticSelection?: StaticSelection;
  /** What the chart lint found on the page's layouts (kept with the cached chart, so every build lists them). */
  lintWarnings: Problem[];
}

/**
 * Most marks one chart may draw (bars, points, labels, rules): each is an
 * element of the page's SVG, twice (wide and narrow), and of the downloads.
 */
export const MAX_CHART_ITEMS = 20_000;

/**
 * Render a chart in the pool, where a runaway expression is stopped, and
 * check what it drew against the limits: rows are counted after every
 * transform (a `flatten` of a `sequence()` makes thousands of rows from one).
 */
async function renderChecked(vegaSpec: VegaSpec, file: string, id: string, text: string): Promise<{ ok: true; svg: string } | { ok: false; problems: Problem[] }> {
  try {
    const { svg, stats } = await renderSvgInPool(vegaSpec, id);
    const problems: Problem[] = [];
    const fix = 'aggregate the rows with a transform (aggregate, bin) or chart a smaller dataset; sequence() and flatten multiply rows';
    if (stats.largestDataset.rows > MAX_CHART_ROWS) {
      problems.push({ file, expected: `at most ${MAX_CHART_ROWS.toLocaleString('en-US')} rows drawn by one chart (counted after its transforms)`, found: `${stats.largestDataset.rows.toLocaleString('en-US')} rows`, fix });
    } else if (stats.items > MAX_CHART_ITEMS) {
      problems.push({ file, expected: `at most ${MAX_CHART_ITEMS.toLocaleString('en-US')} marks drawn by one chart`, found: `${stats.items.toLocaleString('en-US')} marks`, fix });
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, svg };
  } catch (error) {
    // Vega could not parse the spec (a misspelt signal in an expression): say so, naming the chart. Parsed
    // here only after a failure: the render parses every chart anyway, and a second parse per chart cost
    // a 1,000-chart build about 2 s.
    const unparsable = error instanceof RenderFailure && error.reason === 'error' ? checkVegaParse(vegaSpec, file, text) : [];
    return { ok: false, problems: unparsable.length > 0 ? unparsable : [renderProblem(error as Error, file)] };
  }
}

/** A render that failed, timed out or crashed, as a problem naming the chart. */
export function renderProblem(error: Error, file: string): Problem {
  if (error instanceof RenderFailure && error.reason === 'timeout') {
    return { file, expected: `a chart that renders within ${RENDER_TIMEOUT_MS / 1000} s`, found: error.message, fix: 'an expression may never finish: look for a regex whose repeated group can match the same text in more than one way, like /(a+)+/ or /(a|a)*/, or a huge sequence()' };
  }
  if (error instanceof RenderFailure && error.reason === 'crash') {
    return { file, expected: 'a chart the renderer can draw', found: error.message, fix: 'look for extreme sizes, a huge number of marks, or unusual characters in text; open the spec in the Vega editor (https://vega.github.io/editor/)' };
  }
  return { file, expected: 'a chart Vega can draw', found: quote(error.message, 120), fix: 'check the format strings (format(), timeFormat(), "format") and expressions; open the spec in the Vega editor (https://vega.github.io/editor/)' };
}

/**
 * Load, bind and compile every chart. Charts that read a broken dataset are
 * skipped (listed in `broken`): the dataset's own problems say what to fix.
 */
export async function loadCharts(
  root: string,
  datasets: ReadonlyMap<string, Dataset>,
  brokenDatasets: ReadonlySet<string> = new Set(),
  maps: ReadonlyMap<string, MapFile> = new Map(),
  /** report.yaml's `time_zone`: instants in the rows are shown as wall-clock times there (utc-time.ts). */
  timeZone = 'UTC',
): Promise<{ charts: Map<string, CompiledChart>; broken: Set<string>; problems: Problem[]; lintWarnings: Problem[] }> {
  const dir = join(root, 'content', 'charts');
  const charts = new Map<string, CompiledChart>();
  const broken = new Set<string>();
  const problems: Problem[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return { charts, broken, problems, lintWarnings: [] };
  }
  const tables = new Map<string, TypedTable>([...datasets].map(([name, d]) => [name, d.table]));
  const datasetNames = [...datasets.keys(), ...maps.keys(), ...brokenDatasets];
  const renders: Promise<{ id: string; chart?: CompiledChart; problems?: Problem[]; lint?: Problem[] }>[] = [];
  // Datasets whose rows stay in DuckDB: their charts are aggregated there.
  const largeOnes = [...datasets].filter(([, d]) => d.large);
  const large = { root, rowCounts: new Map(largeOnes.map(([name, d]) => [name, d.rowCount])), digests: new Map(largeOnes.map(([name, d]) => [name, d.digest])) };
  const valueTables = valueTablesOf(datasets);
  // Each set of inline rows once, however many specs and charts carry it (shared-rows.ts).
  const rows = new SharedRows();
  const usedKeys = new Set<string>();
  for (const name of names) {
    const file = `content/charts/${name}`;
    if (!name.endsWith('.vl.json')) {
      problems.push({ file, expected: 'a chart file named <id>.vl.json', found: JSON.stringify(name), fix: 'rename it to end in .vl.json' });
      continue;
    }
    const id = name.slice(0, -'.vl.json'.length);
    if (!CHART_ID.test(id)) {
      problems.push({ file, expected: 'a chart id of lowercase letters, digits and "-"', found: JSON.stringify(id), fix: 'rename the file' });
      continue;
    }
    const unreadable = await checkReadableFile(root, file, 'content/charts', 'a chart spec file');
    if (unreadable) {
      problems.push(unreadable);
      broken.add(id);
      continue;
    }
    const text = await readFile(join(dir, name), 'utf8');
    const loaded = loadChartSpec(text, file, id, datasetNames);
    if (!loaded.ok) {
      problems.push(...loaded.problems);
      broken.add(id);
      continue;
    }
    // Numbers in the title, alt text and caption come from the data, like the prose's.
    const texts = fillChartTexts(loaded.chart, valueTables, brokenDatasets);
    if (texts.length > 0) {
      problems.push(...texts);
      broken.add(id);
      continue;
    }
    // A spec is code: refuse anything that escapes Vega's sandbox or reaches off-site, whatever its data.
    const unsafe = [...checkChartExpressions(loaded.chart.spec, file, text), ...checkChartLinks(loaded.chart.spec, file, text)];
    if (unsafe.length > 0) {
      problems.push(...unsafe);
      broken.add(id);
      continue;
    }
    // Rows written in the spec get a schema and the same checks as a file's (inline-datasets.ts).
    const inline = inlineDatasets(loaded.chart.spec, file, text);
    if (!inline.ok) {
      problems.push(...inline.problems);
      broken.add(id);
      continue;
    }
    const mapsRead = findDataRefs(loaded.chart.spec).flatMap((ref) => {
      const match = ref.kind === 'url' ? DATA_URL.exec(String(ref.url)) : null;
      return match && match[2] !== 'csv' ? [`${match[1]}.${match[2]}`] : [];
    });
    if (loaded.chart.meta.datasets.some((d) => brokenDatasets.has(d)) || mapsRead.some((m) => brokenDatasets.has(m))) {
      broken.add(id);
      continue;
    }
    // Same spec, same data, same generator: the compiled chart from an earlier build.
    // Maps are not datasets: their digests join the spec, so a changed map recompiles its charts.
    // The zone changes the rows Vega draws; UTC charts keep the keys they had before the setting existed.
    const cacheKey = chartCacheKey([loaded.chart.spec, mapsRead.map((m) => [m, maps.get(m)?.digest]), ...(timeZone === 'UTC' ? [] : [timeZone])], loaded.chart.meta.datasets, datasets);
    usedKeys.add(cacheKey);
    const cached = await readCachedChart(root, cacheKey, rows);
    if (cached) {
      renders.push(Promise.resolve({ id, chart: { meta: loaded.chart.meta, ...cached } }));
      continue;
    }
    // Fields are checked against the spec as written, before any build-time aggregation.
    const fieldProblems = checkChartFields(loaded.chart, tables);
    if (fieldProblems.length > 0) {
      problems.push(...fieldProblems);
      broken.add(id);
      continue;
    }
    let aggregated: Awaited<ReturnType<typeof aggregateAtBuild>>;
    try {
      aggregated = await aggregateAtBuild(loaded.chart, tables, large);
    } catch (error) {
      // A transform that ran past its time limit in the pool (render-pool.ts).
      problems.push(renderProblem(error as Error, file));
      broken.add(id);
      continue;
    }
    if (aggregated && 'problems' in aggregated) {
      problems.push(...aggregated.problems);
      broken.add(id);
      continue;
    }
    // Another zone is applied to the rows at build time: instants made later (now(), or by a build-time
    // aggregate, which reads the rows before that) would stay UTC, and the chart would mix two zones.
    if (timeZone !== 'UTC' && (usesNow(loaded.chart.spec) || (aggregated && temporalFields(loaded.chart.spec).size > 0))) {
      problems.push({
        file,
        expected: `a chart the build can show in ${timeZone} (report.yaml time_zone)`,
        found: usesNow(loaded.chart.spec) ? 'now() in an expression, an instant made when the chart is viewed' : 'dates in a chart aggregated at build time (its dataset is too large to draw row by row)',
        fix: usesNow(loaded.chart.spec) ? 'compute the time in the data instead of with now()' : `convert the times in a .sql dataset (timezone('${timeZone}', t)) and chart that`,
      });
      broken.add(id);
      continue;
    }
    const bound = aggregated ? bindChartData(aggregated.chart, aggregated.tables, maps) : bindChartData(loaded.chart, tables, maps);
    if (!bound.ok) {
      problems.push(...bound.problems);
      broken.add(id);
      continue;
    }
    workCounts().chartsCompiled++;
    // The same marks and numbers in every time zone (build machine and reader): UTC.
    // Animations start at their first frame, which is also what the static SVG shows.
    const spec = startAtFirstFrame(chartInUtc(bound.spec, timeZone));
    const compiled = compileChart(spec, file, CHART_WIDTH, downloadChartConfig, rows);
    if (!compiled.ok) {
      problems.push(...compiled.problems);
      broken.add(id);
      continue;
    }
    // Every chart becomes interactive in the browser: one needing a transform the runtime lacks fails here, not there.
    const unavailable = runtimeNeeds(compiled.vegaSpec).unavailable;
    const runtimeProblems: Problem[] = unavailable.length === 0 ? [] : [{ file, expected: 'a chart the site\'s interactive runtime can draw', found: `the Vega transform${unavailable.length === 1 ? '' : 's'} ${unavailable.map((t) => `"${t}"`).join(', ')}`, fix: 'src/client/runtime-parts.ts lists the transforms the runtime has; add the missing one there and in src/client/vega-runtime.ts' }];
    const generated = [...runtimeProblems, ...checkCompiledExpressions(compiled.vegaSpec, file)];
    if (generated.length > 0) {
      problems.push(...generated);
      broken.add(id);
      continue;
    }
    const { title: _title, ...untitled } = spec;
    const page = compileChart(untitled, file, CHART_WIDTH, undefined, rows);
    const narrow = compileChart(untitled, file, NARROW_WIDTH, narrowChartConfig, rows);
    if (!page.ok || !narrow.ok) {
      problems.push(...(page.ok ? [] : page.problems), ...(narrow.ok ? [] : narrow.problems));
      broken.add(id);
      continue;
    }
    // Our schema, whatever the spec says: the published file is Vega-Lite v6, checked as such.
    const { $schema: _schema, ...published } = spec;
    const downloads = aggregated ? chartDownloads(aggregated.chart, aggregated.tables, inline.datasets) : chartDownloads(loaded.chart, tables, inline.datasets);
    const chart = { meta: loaded.chart.meta, standaloneSpec: rows.copy({ $schema: VEGA_LITE_SCHEMA, ...published }), vegaSpec: compiled.vegaSpec, pageVegaSpec: page.vegaSpec, narrowVegaSpec: narrow.vegaSpec, downloads };
    const lintContext = { spec: loaded.chart.spec, datasets: lintDatasets(loaded.chart.meta.datasets.flatMap((d) => datasets.get(d) ?? [])) };
    // Rendered in the pool, two at a time; the charts keep their file order. Only a chart that
    // rendered within the limits is drawn for the page, and only a chart the lint could check
    // is cached (with its warnings), so a cached chart is a checked one.
    workCounts().svgsRendered++;
    renders.push(
      renderChecked(compiled.vegaSpec, file, id, text).then(async (rendered) => {
        if (!rendered.ok) return { id, problems: rendered.problems };
        // The page's two layouts, with tooltips on their marks, each linted on the view that drew it:
        // what a reader sees on a wide screen and on a phone. Cached with the chart, so only a changed chart is drawn again.
        workCounts().svgsRendered += 2;
        const layouts = await Promise.all([
          renderSvgInPool(page.vegaSpec, `${id}-wide`, { tooltips: true, lint: lintContext, selection: true }),
          renderSvgInPool(narrow.vegaSpec, `${id}-narrow`, { tooltips: true, lint: lintContext, selection: true }),
        ]).catch((error: Error) => error);
        if (layouts instanceof Error) return { id, problems: [renderProblem(layouts, file)] };
        const lint = lintProblems({ file, text, spec: loaded.chart.spec }, [{ ...layouts[0].lint!, name: 'wide' }, { ...layouts[1].lint!, name: 'narrow' }]);
        // A selection the page makes without Vega: only when both layouts could draw it so.
        const [wide, phone] = [layouts[0].selection, layouts[1].selection];
        const staticSelection = wide && phone && wide.by === phone.by ? { staticSelection: wide } : {};
        const full: CompiledChart = { ...chart, svg: rendered.svg, pageSvg: layouts[0].svg, narrowSvg: layouts[1].svg, lintWarnings: lint.warnings, ...staticSelection };
        // A chart the lint could not check (a malformed opt-out, a layout Vega cannot run) is not kept.
        if (lint.problems.length === 0) await writeCachedChart(root, cacheKey, full, rows);
        return { id, chart: full, lint: lint.problems };
      }),
    );
  }
  for (const result of await Promise.all(renders)) {
    if (result.chart) {
      charts.set(result.id, result.chart);
      problems.push(...(result.lint ?? []));
    } else {
      problems.push(...result.problems!);
      broken.add(result.id);
    }
  }
  // Only a complete, clean run knows which entries are stale.
  if (problems.length === 0) await pruneCachedCharts(root, usedKeys);
  return { charts, broken, problems, lintWarnings: [...charts.values()].flatMap((chart) => chart.lintWarnings ?? []) };
}
