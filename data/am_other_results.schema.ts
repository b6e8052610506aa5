import { confidence, count, defineDataset, optional, percent, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: 'Other results of "Agentic Misalignment" (2025): the real-vs-evaluation experiment, goals, controls, prohibitions and lethal action. Values in % of samples.',
  columns: {
    id: text(),
    experiment: text(),
    model: text(),
    measure: text('What the value measures'),
    value_pct: percent('Value in %'),
    n_samples: optional(count('samples')),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
