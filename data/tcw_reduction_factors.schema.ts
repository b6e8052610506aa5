import { confidence, defineDataset, number, oneOf, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'id',
  description: 'Reduction factors stated or implied in "Teaching Claude Why" (how many times lower a rate, or how many times less data). A range has factor_low < factor_high.',
  columns: {
    id: text(),
    comparison: text('What is compared with what'),
    kind: oneOf(['data efficiency', 'rate reduction'], 'data efficiency: how many times less data reached the same gain; rate reduction: how many times lower a rate became'),
    factor_low: number({ min: 1, unit: '×', description: 'Lower end of the factor' }),
    factor_high: number({ min: 1, unit: '×', description: 'Upper end of the factor' }),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
