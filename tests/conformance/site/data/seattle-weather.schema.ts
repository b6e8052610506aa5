import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "date",
  description: "The seattle-weather dataset of vega-datasets.",
  columns: {
    "date": text(),
    "precipitation": number(),
    "temp_max": number(),
    "temp_min": number(),
    "wind": number(),
    "weather": text(),
    source_url: sourceUrl(),
  },
});
