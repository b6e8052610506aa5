import { bound, confidence, count, defineDataset, optional, percent, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: 'Training interventions in "Teaching Claude Why" and the misalignment rate each reached. Rates are percentages (0-100) of evaluation samples; tokens and items count the training data.',
  columns: {
    id: text('Row id, used by <Value row="...">'),
    short_label: text('A short name for the intervention, for chart axes'),
    model: text('The model that was fine-tuned'),
    training_data: text('What the model was trained on'),
    tokens: optional(count('tokens', 'Size of the training data in tokens')),
    tokens_bound: bound('tokens'),
    items: optional(count('items', 'Transcripts or documents in the training data')),
    eval_metric: text('What the rate measures'),
    baseline_pct: optional(percent('Rate before the intervention, in %')),
    result_pct: optional(percent('Rate after the intervention, in %')),
    baseline_bound: bound('baseline_pct'),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
