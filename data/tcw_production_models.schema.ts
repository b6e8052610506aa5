import { confidence, defineDataset, oneOf, optional, percent, sourceUrl, text } from '#schema';

export default defineDataset({
  key: 'model',
  description: 'Blackmail rate of production Claude models on the agentic misalignment evaluation, as stated in "Teaching Claude Why" (footnote 2). Rates in % of samples; empty = not given as a number.',
  columns: {
    model: text('Production model'),
    agentic_misalignment_blackmail_pct: optional(percent('Blackmail rate on the agentic misalignment evaluation, in %')),
    exact_zero: oneOf(['yes', 'no'], 'Whether Anthropic states the rate is exactly 0'),
    trained_on_synthetic_honeypots: oneOf(['yes', 'no'], 'Whether the model was trained on the eval-like honeypot data'),
    confidence: confidence(),
    source_url: sourceUrl(),
    note: optional(text()),
  },
});
