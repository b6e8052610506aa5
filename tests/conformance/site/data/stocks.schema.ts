import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "row_id",
  description: "The stocks dataset of vega-datasets.",
  columns: {
    "row_id": text(),
    "symbol": text(),
    "date": text(),
    "price": number(),
    source_url: sourceUrl(),
  },
});
