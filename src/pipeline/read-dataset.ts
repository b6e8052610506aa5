/**
 * Stages 1 and 2 in one pass: bytes of a CSV file -> typed rows.
 *
 * Gives exactly what `validateRows(loadCsv(bytes))` gives, but each row of
 * strings is typed as soon as it is read and then dropped, so a large file
 * never holds its rows twice. Files over the size and row limits are refused
 * with a problem that names the limit.
 */
import type { DatasetSchema } from './columns.ts';
import { decodeCsvBytes, MAX_CSV_BYTES, streamCsvText, tooLargeProblem } from './load-csv.ts';
import { createRowValidator, type RowValidator, type ValidateResult } from './validate-rows.ts';

/** Decode, parse and validate a dataset's CSV bytes; every problem is returned, never thrown. */
export function readDataset(bytes: Uint8Array, file: string, schema: DatasetSchema): ValidateResult {
  if (bytes.length > MAX_CSV_BYTES) return { ok: false, problems: [tooLargeProblem(file, bytes.length)] };
  const decoded = decodeCsvBytes(bytes, file);
  if (!decoded.ok) return decoded;
  let validator: RowValidator | undefined;
  const shape = streamCsvText(decoded.text, file, (row, header) => {
    validator ??= createRowValidator(file, header, schema);
    // With a bad header no row is checked, but the file is still read for problems with its shape.
    if (validator.headerProblems.length > 0) return true;
    return validator.add(row);
  });
  // Problems with the file's shape come first: until they are fixed, cells cannot be trusted.
  if (shape.problems.length > 0) return { ok: false, problems: shape.problems };
  return (validator ?? createRowValidator(file, shape.header, schema)).finish();
}
