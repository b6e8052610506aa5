/**
 * Stage 1: bytes -> rows of strings, each with its line number (papaparse).
 *
 * Nothing is typed here: every cell stays a string so the row schema decides
 * what it means. Any CSV dialect (BOM or not, CRLF or LF, quoted fields with
 * commas, quotes and newlines, trailing newline or not) gives the same rows.
 * Rows are produced one at a time (`streamCsvText`), and a file may hold at
 * most MAX_CSV_BYTES and MAX_CSV_ROWS, so memory stays bounded.
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
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    return { ok: false, problems: [{ file, expected: 'a UTF-8 text CSV file', found: `UTF-16 text (${utf16})`, fix: `save it as UTF-8 (in Excel: "CSV UTF-8"), or convert it: iconv -f UTF-16 -t UTF-8 ${file} > converted.csv` }] };
  }
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

/**
 * UTF-16 (Excel's "Unicode text", PowerShell's default) by its byte-order mark, or, without one, by
 * ASCII text with a zero byte after (little-endian) or before (big-endian) every character.
 */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian, with a byte-order mark';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian, with a byte-order mark';
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] !== 0) evenZero++;
    if (bytes[i + 1] === 0 && bytes[i] !== 0) oddZero++;
  }
  if (oddZero === n / 2) return 'little-endian';
  if (evenZero === n / 2) return 'big-endian';
  return undefined;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

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
  // As papaparse reads quotes: only a quote that starts a cell opens a quoted cell. A stray quote inside
  // an unquoted cell (`Screen 5" model`) is a character like any other, not the start of a quoted part.
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34 && text.charCodeAt(i + 1) === 34) i++; // a doubled quote: still inside
      else if (c === 34) inQuotes = false;
      continue;
    }
    if (c === 34 && cellStart) inQuotes = true;
    else if (c === 13) {
      out += `${text.slice(from, i)}\n`;
      if (text.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
      cellStart = true;
      continue;
    }
    cellStart = c === 44 || c === 10;
  }
  return out + text.slice(from);
}

/**
 * Limits that keep a build's memory bounded. Every row of a dataset is kept in
 * memory (the site prints and charts them), so the only way to bound memory is
 * to bound the input: a report that needs more should aggregate its results.
 */
export const MAX_CSV_BYTES = 200_000_000;
export const MAX_CSV_ROWS = 1_000_000;
/** Past this many problems in one file, checking stops: the first ones say what is wrong. */
export const MAX_PROBLEMS_PER_FILE = 1000;

/** The problem for a file over MAX_CSV_BYTES. */
export function tooLargeProblem(file: string, size: number): Problem {
  return {
    file,
    expected: `a CSV file of at most ${MAX_CSV_BYTES / 1_000_000} MB`,
    found: `${(size / 1_000_000).toFixed(1)} MB (${size.toLocaleString('en-US')} bytes)`,
    fix: 'split the file, or aggregate the rows before adding them to the report',
  };
}

/** The problem that ends a file's list once MAX_PROBLEMS_PER_FILE is reached; it has no line, so it sorts first. */
export function stoppedProblem(file: string, line: number): Problem {
  return { file, expected: `at most ${MAX_PROBLEMS_PER_FILE} problems in one file`, found: `${MAX_PROBLEMS_PER_FILE} before line ${line}`, fix: 'the rest of the file was not checked; fix these, then run again' };
}

/** What `streamCsvText` found wrong with the file's shape (quotes, ragged rows, size); empty when the rows can be used. */
export interface CsvShape {
  header: string[];
  /** Data rows read (blank lines are not rows). */
  rows: number;
  problems: Problem[];
}

/**
 * Parse CSV text one row at a time: `onRow` sees each data row with the right
 * number of cells, until the first problem with the file's shape (after which
 * the rows cannot be used). `onRow` returns false to stop reading. Nothing is
 * accumulated here, so a large file costs only what the caller keeps.
 */
export function streamCsvText(input: string, file: string, onRow: (row: CsvRow, header: string[]) => boolean | void): CsvShape {
  // A BOM (if the caller kept it) is not part of the first column's name.
  const text = normaliseRowBreaks(input.replace(/^\uFEFF/, ''));
  if (text.trim() === '') {
    return { header: [], rows: 0, problems: [{ file, expected: 'a header row naming the columns', found: 'an empty file' }] };
  }
  let header: string[] | undefined;
  let rows = 0;
  const quoteProblems: Problem[] = [];
  const raggedProblems: Problem[] = [];
  let limitProblem: Problem | undefined;
  // Count lines incrementally between row offsets: O(file size) overall.
  let scanned = 0;
  let lineAtScanned = 1;
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: '\n',
    // Blank lines are skipped below, not by papaparse, so that they still count as lines.
    skipEmptyLines: false,
    step(result, parser) {
      for (; scanned < rowStart; scanned++) {
        // Editors count LF, CRLF and a lone CR (left inside quoted cells) as one line break each.
        const c = text.charCodeAt(scanned);
        if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) lineAtScanned++;
      }
      const line = lineAtScanned;
      rowStart = result.meta.cursor;
      if (quoteProblems.length + raggedProblems.length >= MAX_PROBLEMS_PER_FILE) {
        limitProblem = stoppedProblem(file, line);
        return parser.abort();
      }
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes') {
          quoteProblems.push({ file, line, expected: 'a closing quote (") for the quoted cell that starts on this line', found: 'the end of the file', fix: 'close the quote, or double any quote inside a quoted cell ("")' });
        } else if (error.code === 'InvalidQuotes') {
          quoteProblems.push({ file, line, expected: 'quotes only around whole cells', found: 'a stray quote', fix: 'wrap the cell in quotes and double the quote inside it ("")' });
        }
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0]!.trim() === '') return;
      if (!header) {
        header = cells.map((name) => name.trim());
        return;
      }
      if (++rows > MAX_CSV_ROWS) {
        limitProblem = { file, line, expected: `at most ${MAX_CSV_ROWS.toLocaleString('en-US')} data rows`, found: 'more', fix: 'split the file, or aggregate the rows before adding them to the report' };
        rows--;
        return parser.abort();
      }
      if (cells.length !== header.length) {
        raggedProblems.push({
          file,
          line,
          expected: `${header.length} cells, one per column in the header`,
          found: `${cells.length} (${quote(cells.join(','))})`,
          fix: cells.length > header.length ? 'quote cells that contain commas' : 'add the missing cells, leaving unknown values empty',
        });
      }
      // After a problem with the shape, the rows are not used: stop handing them out.
      if (quoteProblems.length === 0 && raggedProblems.length === 0 && onRow({ line, cells }, header) === false) parser.abort();
    },
  });
  const limit = limitProblem ? [limitProblem] : [];
  if (quoteProblems.length > 0) return { header: header ?? [], rows, problems: [...quoteProblems, ...limit] };
  if (!header) return { header: [], rows, problems: [{ file, expected: 'a header row naming the columns', found: 'an empty file' }] };
  if (rows === 0) return { header, rows, problems: [{ file, line: 2, expected: 'at least one data row under the header', found: 'only the header' }] };
  return { header, rows, problems: [...raggedProblems, ...limit] };
}

/** Parse CSV text into a header and rows of strings, with line numbers. */
export function parseCsvText(input: string, file: string): CsvResult {
  const rows: CsvRow[] = [];
  const shape = streamCsvText(input, file, (row) => {
    rows.push(row);
  });
  if (shape.problems.length > 0) return { ok: false, problems: shape.problems };
  return { ok: true, table: { file, header: shape.header, rows } };
}

/** Bytes of a CSV file -> header and rows of strings. */
export function loadCsv(bytes: Uint8Array, file: string): CsvResult {
  if (bytes.length > MAX_CSV_BYTES) return { ok: false, problems: [tooLargeProblem(file, bytes.length)] };
  const decoded = decodeCsvBytes(bytes, file);
  if (!decoded.ok) return decoded;
  return parseCsvText(decoded.text, file);
}
