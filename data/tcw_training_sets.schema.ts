import { bound, confidence, count, defineDataset, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: 'The training sets built for "Teaching Claude Why": size in tokens (and items where stated) and how each was made.',
  columns: {
    id: text(),
    training_set: text('Name of the training set'),
    tokens: count('tokens', 'Size in tokens (approximate, as stated)'),
    tokens_bound: bound('tokens'),
    items: optional(count('items', 'Transcripts or stories')),
    generator: text('How the data was generated'),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
