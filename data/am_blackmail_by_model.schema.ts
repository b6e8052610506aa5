import { confidence, count, defineDataset, optional, percent, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: 'Blackmail rates by model in "Agentic Misalignment" (2025) and related reports. Rates in % of samples; n_samples is the number of samples per cell where stated.',
  columns: {
    id: text(),
    model: text(),
    developer: text(),
    condition: text('Experimental condition (goal conflict, threat of replacement, or a variant)'),
    rate_pct: percent('Share of samples with blackmail, in %'),
    n_samples: optional(count('samples')),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
