import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "person",
  description: "The lookup_groups dataset of vega-datasets.",
  columns: {
    "group": number(),
    "person": text(),
    source_url: sourceUrl(),
  },
});
