/**
 * Astro content loaders: wire the pipeline stages into collections. Pages and
 * components only read these collections; all parsing and checking happens in
 * `src/pipeline` and `src/report`, which `npm run validate` runs without Astro.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { formatProblems, ReportError } from '../errors/report-error.ts';
import { loadReportModel } from '../report/model.ts';
import type { Problem } from '../errors/report-error.ts';
import { lastChanged } from '../report/data-history.ts';
import { loadReportFile } from '../report/report-file.ts';
import { loadReferences } from '../report/references.ts';
import type { ChartEntry, DatasetEntry } from './entries.ts';

function rootOf(context: LoaderContext): string {
  return fileURLToPath(context.config.root);
}

/** Problems in the files a loader reads (the report model holds every problem of the report). */
function problemsIn(problems: Problem[], ...folders: string[]): Problem[] {
  return problems.filter((p) => folders.some((f) => p.file.startsWith(f)));
}

/** Build: a failure stops the build. Dev: it is reported (terminal and overlay) and the server keeps running. */
async function startOrReport(context: LoaderContext, load: () => Promise<void>): Promise<void> {
  if (!context.watcher) return load();
  await load().catch((error: Error) => context.logger.error(error.message));
}

export function reportLoader(): Loader {
  return {
    name: 'report-yaml',
    async load(context) {
      const { report, problems } = await loadReportFile(rootOf(context));
      if (!report) throw new ReportError(problems);
      context.store.clear();
      context.store.set({ id: 'report', data: report });
    },
  };
}

export function referencesLoader(): Loader {
  return {
    name: 'bibtex-references',
    async load(context) {
      const reload = async () => {
        const { references, problems } = await loadReferences(rootOf(context));
        if (problems.length > 0) throw new ReportError(problems);
        context.store.clear();
        for (const reference of references.values()) context.store.set({ id: reference.key, data: { ...reference } });
      };
      await startOrReport(context, reload);
    },
  };
}

export function datasetsLoader(): Loader {
  return {
    name: 'csv-datasets',
    async load(context) {
      const reload = async () => {
        const { datasets, problems: all } = await loadReportModel(rootOf(context));
        const problems = problemsIn(all, 'data/');
        if (problems.length > 0) throw new ReportError(problems);
        context.store.clear();
        for (const dataset of datasets.values()) {
          const data: DatasetEntry = {
            name: dataset.name,
            file: dataset.file,
            description: dataset.description,
            ...(dataset.source ? { source: dataset.source } : {}),
            key: dataset.key,
            columns: dataset.columns,
            rows: dataset.table.rows,
            lines: dataset.table.lines,
            rowCount: dataset.rowCount,
            large: dataset.large,
            download: dataset.download,
            changedAt: await lastChanged(rootOf(context), dataset.file),
          };
          // The data's digest, and what else the entry holds: the schema's words, and for a large
          // dataset the rows the chapters print (a new <Value> must bring its row in).
          const digest = context.generateDigest(JSON.stringify([dataset.digest, data.description, data.source, data.key, data.columns, data.download, data.rowCount, dataset.large ? data.rows : null]));
          context.store.set({ id: dataset.name, data, digest });
        }
      };
      await startOrReport(context, reload);
    },
  };
}

export function chartsLoader(): Loader {
  return {
    name: 'vega-lite-charts',
    async load(context) {
      const reload = async () => {
        const { charts, problems: all } = await loadReportModel(rootOf(context));
        const problems = problemsIn(all, 'data/', 'content/charts/');
        if (problems.length > 0) throw new ReportError(problems);
        const seen = new Set<string>();
        for (const [id, chart] of charts) {
          seen.add(id);
          const digest = context.generateDigest(JSON.stringify([chart.vegaSpec, chart.narrowVegaSpec, chart.standaloneSpec, chart.downloads, chart.pageSvg, chart.narrowSvg]));
          if (context.store.get(id)?.digest === digest) continue;
          const data: ChartEntry = {
            meta: chart.meta,
            standaloneSpec: chart.standaloneSpec,
            pageVegaSpec: chart.pageVegaSpec as Record<string, unknown>,
            narrowVegaSpec: chart.narrowVegaSpec as Record<string, unknown>,
            // Rendered by loadCharts while checking the chart (src/report/charts.ts), and cached with it.
            pageSvg: chart.pageSvg,
            narrowSvg: chart.narrowSvg,
            svg: chart.svg,
            downloads: chart.downloads,
          };
          context.store.set({ id, data, digest });
        }
        for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);
      };
      await startOrReport(context, reload);
    },
  };
}
