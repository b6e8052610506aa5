import { defineDataset, number, optional, sourceUrl, text } from '#schema';

export default defineDataset({
  key: "row_id",
  description: "The cars dataset of vega-datasets.",
  columns: {
    "row_id": text(),
    "Name": text(),
    "Miles_per_Gallon": optional(number()),
    "Cylinders": number(),
    "Displacement": number(),
    "Horsepower": optional(number()),
    "Weight_in_lbs": number(),
    "Acceleration": number(),
    "Year": text(),
    "Origin": text(),
    source_url: sourceUrl(),
  },
});
