/**
 * A large dataset published in full (`download: 'full'`) is written as CSV by
 * DuckDB, straight from its rows to the file: it never passes through the JS
 * heap, as `/data/<name>.csv` of a small dataset does (src/pages/data/).
 * Text that a spreadsheet would run as a formula gets a leading apostrophe,
 * as in every other download (write-csv.ts).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ColumnInfo } from '../pipeline/columns.ts';
import { database, exclusive, ident, literal } from '../engines/duckdb.ts';

export async function exportCsv(root: string, name: string, columns: { name: string; info: ColumnInfo }[], path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const cells = columns.map(({ name: c, info }) =>
    info.type === 'number' ? ident(c) : `CASE WHEN regexp_matches(${ident(c)}, '^[=+\\-@\\t\\r]') THEN '''' || ${ident(c)} ELSE ${ident(c)} END AS ${ident(c)}`,
  );
  await exclusive(root, async () => {
    const db = await database(root);
    await db.run(`COPY (SELECT ${cells.join(', ')} FROM main.${ident(name)}) TO ${literal(path)} (FORMAT csv, HEADER)`);
  });
}
