import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "row_id",
  description: "The barley dataset of vega-datasets.",
  columns: {
    "row_id": text(),
    "yield": number(),
    "variety": text(),
    "year": number(),
    "site": text(),
    source_url: sourceUrl(),
  },
});
