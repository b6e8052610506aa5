/**
 * Stage 1: bytes -> rows of strings, each with its line number (papaparse).
 *
 * Nothing is typed here: every cell stays a string so the row schema decides
 * what it means. Any CSV dialect (BOM or not, CRLF or LF, quoted fields with
 * commas, quotes and newlines, trailing newline or not) gives the same rows.
 */
import Papa from 'papaparse';
import { quote, type Problem } from '../errors/report-error.ts';

export interface CsvRow {
  /** 1-based line of the row's first character in the file. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; problems: Problem[] };

/** Decode UTF-8 strictly; a file that is not text becomes a problem, not an exception. */
export function decodeCsvBytes(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, problems: [{ file, expected: 'a UTF-8 text CSV file', found: `binary data (a zero byte at byte ${nul + 1})`, fix: 'export the table as CSV; is this the right file?' }] };
  }
  try {
    // fatal: true turns invalid UTF-8 into an exception we can explain; the BOM is dropped.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\uFFFD');
    const line = at === -1 ? undefined : lineOfOffset(loose, at);
    return { ok: false, problems: [{ file, line, expected: 'UTF-8 text', found: 'bytes that are not UTF-8', fix: 'save the file with UTF-8 encoding (in Excel: "CSV UTF-8")' }] };
  }
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parse CSV text into a header and rows of strings, with line numbers. */
/**
 * Rewrite the line breaks between rows (CRLF, lone CR) as LF, so files with
 * any or mixed line endings read the same and every break is one line.
 * Breaks inside quoted cells are cell content and stay as written.
 */
export function normaliseRowBreaks(text: string): string {
  if (!text.includes('\r')) return text;
  let out = '';
  let from = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes; // a doubled quote toggles twice: still inside
    else if (c === 13 && !inQuotes) {
      out += `${text.slice(from, i)}\n`;
      if (text.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

export function parseCsvText(input: string, file: string): CsvResult {
  // A BOM (if the caller kept it) is not part of the first column's name.
  const text = normaliseRowBreaks(input.replace(/^\uFEFF/, ''));
  if (text.trim() === '') {
    return { ok: false, problems: [{ file, expected: 'a header row naming the columns', found: 'an empty file' }] };
  }
  const records: CsvRow[] = [];
  const problems: Problem[] = [];
  // Count lines incrementally between row offsets: O(file size) overall.
  let scanned = 0;
  let lineAtScanned = 1;
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: '\n',
    // Blank lines are skipped below, not by papaparse, so that they still count as lines.
    skipEmptyLines: false,
    step(result) {
      for (; scanned < rowStart; scanned++) {
        // Editors count LF, CRLF and a lone CR (left inside quoted cells) as one line break each.
        const c = text.charCodeAt(scanned);
        if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) lineAtScanned++;
      }
      const line = lineAtScanned;
      rowStart = result.meta.cursor;
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes') {
          problems.push({ file, line, expected: 'a closing quote (") for the quoted cell that starts on this line', found: 'the end of the file', fix: 'close the quote, or double any quote inside a quoted cell ("")' });
        } else if (error.code === 'InvalidQuotes') {
          problems.push({ file, line, expected: 'quotes only around whole cells', found: 'a stray quote', fix: 'wrap the cell in quotes and double the quote inside it ("")' });
        }
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0]!.trim() === '') return;
      records.push({ line, cells });
    },
  });
  if (problems.length > 0) return { ok: false, problems };

  const [headerRecord, ...rows] = records;
  if (!headerRecord) return { ok: false, problems: [{ file, expected: 'a header row naming the columns', found: 'an empty file' }] };
  const header = headerRecord.cells.map((name) => name.trim());
  if (rows.length === 0) {
    return { ok: false, problems: [{ file, line: 2, expected: 'at least one data row under the header', found: 'only the header' }] };
  }
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      problems.push({
        file,
        line: row.line,
        expected: `${header.length} cells, one per column in the header`,
        found: `${row.cells.length} (${quote(row.cells.join(','))})`,
        fix: row.cells.length > header.length ? 'quote cells that contain commas' : 'add the missing cells, leaving unknown values empty',
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { file, header, rows } };
}

/** Bytes of a CSV file -> header and rows of strings. */
export function loadCsv(bytes: Uint8Array, file: string): CsvResult {
  const decoded = decodeCsvBytes(bytes, file);
  if (!decoded.ok) return decoded;
  return parseCsvText(decoded.text, file);
}
