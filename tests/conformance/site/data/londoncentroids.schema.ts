import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "name",
  description: "The londoncentroids dataset of vega-datasets.",
  columns: {
    "name": text(),
    "cx": number(),
    "cy": number(),
    source_url: sourceUrl(),
  },
});
