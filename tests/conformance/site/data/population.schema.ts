import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "people",
  description: "The population dataset of vega-datasets.",
  columns: {
    "year": number(),
    "age": number(),
    "sex": number(),
    "people": number(),
    source_url: sourceUrl(),
  },
});
