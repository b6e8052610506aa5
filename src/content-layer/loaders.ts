/**
 * Astro content loaders for report.yaml and the bibliography. Datasets and
 * charts are not collections: pages read them from the report model
 * (queries.ts). All parsing and checking happens in `src/pipeline` and
 * `src/report`, which `npm run validate` runs without Astro.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { ReportError } from '../errors/report-error.ts';
import { loadReportFile } from '../report/report-file.ts';
import { loadReferences } from '../report/references.ts';

function rootOf(context: LoaderContext): string {
  return fileURLToPath(context.config.root);
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
