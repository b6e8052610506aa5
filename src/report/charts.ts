/** Load every `content/charts/<id>.vl.json`: check it, bind its data, compile it. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Spec as VegaSpec } from 'vega';
import type { Problem } from '../errors/report-error.ts';
import { bindChartData, checkChartFields } from '../pipeline/bind-chart-data.ts';
import { aggregateAtBuild } from '../pipeline/aggregate-at-build.ts';
import { checkChartExpressions, checkCompiledExpressions } from '../pipeline/check-chart-expressions.ts';
import { checkChartLinks } from '../pipeline/check-chart-links.ts';
import { checkVegaParse } from '../pipeline/check-vega-parse.ts';
import { compileChart } from '../pipeline/compile-chart.ts';
import { CHART_WIDTH, NARROW_WIDTH, downloadChartConfig, narrowChartConfig } from '../pipeline/chart-theme.ts';
import { loadChartSpec, type ChartMeta } from '../pipeline/load-chart-spec.ts';
import type { TypedTable } from '../pipeline/validate-rows.ts';
import type { Dataset } from './datasets.ts';
import { fillChartTexts } from './chart-texts.ts';
import { workCounts } from './model.ts';
import { chartCacheKey, pruneCachedCharts, readCachedChart, writeCachedChart } from './chart-cache.ts';
import { valueTablesOf } from './values.ts';

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
}

/**
 * Load, bind and compile every chart. Charts that read a broken dataset are
 * skipped (listed in `broken`): the dataset's own problems say what to fix.
 */
export async function loadCharts(
  root: string,
  datasets: ReadonlyMap<string, Dataset>,
  brokenDatasets: ReadonlySet<string> = new Set(),
): Promise<{ charts: Map<string, CompiledChart>; broken: Set<string>; problems: Problem[] }> {
  const dir = join(root, 'content', 'charts');
  const charts = new Map<string, CompiledChart>();
  const broken = new Set<string>();
  const problems: Problem[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return { charts, broken, problems };
  }
  const tables = new Map<string, TypedTable>([...datasets].map(([name, d]) => [name, d.table]));
  const datasetNames = [...datasets.keys(), ...brokenDatasets];
  // Datasets whose rows stay in DuckDB: their charts are aggregated there.
  const largeOnes = [...datasets].filter(([, d]) => d.large);
  const large = { root, rowCounts: new Map(largeOnes.map(([name, d]) => [name, d.rowCount])), digests: new Map(largeOnes.map(([name, d]) => [name, d.digest])) };
  const valueTables = valueTablesOf(datasets);
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
    const text = await readFile(join(dir, name), 'utf8');
    const loaded = loadChartSpec(text, file, id, datasetNames);
    if (!loaded.ok) {
      problems.push(...loaded.problems);
      broken.add(id);
      continue;
    }
    // Numbers in the title, alt text and caption come from the data, like the prose's.
    const texts = fillChartTexts(loaded.chart, valueTables);
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
    if (loaded.chart.meta.datasets.some((d) => brokenDatasets.has(d))) {
      broken.add(id);
      continue;
    }
    // Same spec, same data, same generator: the compiled chart from an earlier build.
    const cacheKey = chartCacheKey(loaded.chart.spec, loaded.chart.meta.datasets, datasets);
    usedKeys.add(cacheKey);
    const cached = await readCachedChart(root, cacheKey);
    if (cached) {
      charts.set(id, { meta: loaded.chart.meta, ...cached });
      continue;
    }
    // Fields are checked against the spec as written, before any build-time aggregation.
    const fieldProblems = checkChartFields(loaded.chart, tables);
    if (fieldProblems.length > 0) {
      problems.push(...fieldProblems);
      broken.add(id);
      continue;
    }
    const aggregated = await aggregateAtBuild(loaded.chart, tables, large);
    if (aggregated && 'problems' in aggregated) {
      problems.push(...aggregated.problems);
      broken.add(id);
      continue;
    }
    const bound = aggregated ? bindChartData(aggregated.chart, aggregated.tables) : bindChartData(loaded.chart, tables);
    if (!bound.ok) {
      problems.push(...bound.problems);
      broken.add(id);
      continue;
    }
    workCounts().chartsCompiled++;
    const compiled = compileChart(bound.spec, file, CHART_WIDTH, downloadChartConfig);
    if (!compiled.ok) {
      problems.push(...compiled.problems);
      broken.add(id);
      continue;
    }
    const generated = [...checkCompiledExpressions(compiled.vegaSpec, file), ...checkVegaParse(compiled.vegaSpec, file)];
    if (generated.length > 0) {
      problems.push(...generated);
      broken.add(id);
      continue;
    }
    const { title: _title, ...untitled } = bound.spec;
    const page = compileChart(untitled, file);
    const narrow = compileChart(untitled, file, NARROW_WIDTH, narrowChartConfig);
    if (!page.ok || !narrow.ok) {
      problems.push(...(page.ok ? [] : page.problems), ...(narrow.ok ? [] : narrow.problems));
      broken.add(id);
      continue;
    }
    const chart: CompiledChart = {
      meta: loaded.chart.meta,
      standaloneSpec: { $schema: VEGA_LITE_SCHEMA, ...bound.spec },
      vegaSpec: compiled.vegaSpec,
      pageVegaSpec: page.vegaSpec,
      narrowVegaSpec: narrow.vegaSpec,
    };
    charts.set(id, chart);
    await writeCachedChart(root, cacheKey, chart);
  }
  // Only a complete, clean run knows which entries are stale.
  if (problems.length === 0) await pruneCachedCharts(root, usedKeys);
  return { charts, broken, problems };
}
