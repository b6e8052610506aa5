import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "name",
  description: "The lookup_people dataset of vega-datasets.",
  columns: {
    "name": text(),
    "age": number(),
    "height": number(),
    source_url: sourceUrl(),
  },
});
