import { defineDataset, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'item',
  description: 'Design facts of the "Agentic Misalignment" (2025) study: model counts, samples, classifier.',
  columns: {
    item: text(),
    value: text('The fact, as text (some values carry a qualifier)'),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
