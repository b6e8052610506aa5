/**
 * One fixture per class of bad input (tests/fixtures/bad-<class>/, laid over
 * tests/fixtures/minimal) and exactly the problem lines the build prints for
 * it. The checks run on every case in process (tests/unit/bad-input-checks.test.ts);
 * a build runs on one case per family (tests/integration/bad-input.test.ts).
 */
const URL_FIX = '(charts may only read the datasets in data/: no paths outside it, no absolute paths, no URLs)';
const LINK_FIX = "(a chart may not load or link to anything; cite sources with usermeta.source and the data's source_url column)";
const SANDBOX = 'expected an expression that uses only data fields, params and Vega functions';

export const REFUSED: [string, string[]][] = [
  // The header row.
  ['bad-header-missing', ['data/results.csv:1 source_url: expected a column named "source_url", got no such column in the header (add the column (cells may be empty only if the schema says optional()))']],
  ['bad-header-unknown', ['data/results.csv:1:4 notes: expected a column declared in the schema (group, rate_pct, source_url), got unknown column "notes" (declare the column in the dataset schema, or remove it)']],
  ['bad-header-duplicate', ['data/results.csv:1:4 rate_pct: expected each column name once, got a second column named "rate_pct" (remove or rename the duplicate column)']],
  ['bad-header-misspelt', ['data/results.csv:1:2 rate_pc: expected a column declared in the schema (group, rate_pct, source_url), got unknown column "rate_pc" (did you mean "rate_pct"?)']],
  ['bad-reserved-column', ['data/results.csv:1:4 __proto__: expected a column name other than "__proto__", got a reserved name (rename the column in the CSV and the schema)']],
  // Cells. "007" is refused in the number column only: the same text in the group (text) column is fine.
  ['bad-leading-zero', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "007" (write the number without leading zeros, or declare the column text() if it is a code like "007")']],
  ['bad-percent-sign', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "96%" (write the number without the % sign)']],
  ['bad-thousands-separator', ['data/results.csv:2:3 n_samples: expected a whole number of at least 0, got "1,234" (write the number without thousands separators)']],
  ['bad-nan', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "NaN" (write a finite number, or leave the cell empty if the column is optional())']],
  ['bad-inf', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got "inf" (write a finite number, or leave the cell empty if the column is optional())']],
  ['bad-empty-cell', ['data/results.csv:2:2 rate_pct: expected a number from 0 to 100, got an empty cell (fill in the value, or declare the column optional() if it can be unknown)']],
  ['bad-duplicate-key', ['data/results.csv:4:1 group: expected a unique group (it names the row), got "control", already used on line 2 (give each row its own key)']],
  ['bad-source-url-file', ['data/results.csv:2:3 source_url: expected an http(s) URL, got "file:///etc/passwd" (only http and https sources can be linked)']],
  ['bad-source-url-javascript', ['data/results.csv:3:3 source_url: expected an http(s) URL, got " JavaScript:alert(1)" (only http and https sources can be linked)']],
  // The file as a whole.
  ['bad-ragged-row', ['data/results.csv:2 expected 3 cells, one per column in the header, got 2 ("control,40") (add the missing cells, leaving unknown values empty)']],
  ['bad-unclosed-quote', ['data/results.csv:2 expected a closing quote (") for the quoted cell that starts on this line, got the end of the file (close the quote, or double any quote inside a quoted cell (""))']],
  ['bad-latin1', ['data/results.csv:3 expected UTF-8 text, got bytes that are not UTF-8 (save the file with UTF-8 encoding (in Excel: "CSV UTF-8"))']],
  ['bad-empty-file', ['data/results.csv expected a header row naming the columns, got an empty file']],
  ['bad-header-only', ['data/results.csv:2 expected at least one data row under the header, got only the header']],
  ['bad-binary-png', ['data/results.csv expected a UTF-8 text CSV file, got binary data (a zero byte at byte 9) (export the table as CSV; is this the right file?)']],
  ['bad-csv-without-schema', ["data/extra.csv expected a row schema in data/extra.schema.ts, got no schema (create data/extra.schema.ts with defineDataset({ key, description, columns }) (see README: 'Add a dataset'))"]],
  ['bad-schema-without-csv', ['data/extra.schema.ts expected its data file data/extra.csv, got no such file (add the CSV, or delete the schema)']],
  // Chart specs: where they read data.
  ['bad-url-parent', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "../data/results.csv" ${URL_FIX}`]],
  ['bad-url-absolute', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "/etc/passwd" ${URL_FIX}`]],
  ['bad-url-file', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "file:///etc/passwd" ${URL_FIX}`]],
  ['bad-url-https', [`content/charts/rates.vl.json:6:13 data.url: expected a dataset in data/, written as "data/<name>.csv", got "https://example.org/results.csv" ${URL_FIX}`]],
  // Chart specs are code.
  ['bad-expression-constructor', [`content/charts/rates.vl.json:8:19 transform.0.calculate: ${SANDBOX}, got "constructor" in "datum.group.constructor.constructor('alert(1)')()" (this property leads to JavaScript internals or the page; if it is a data field, rename the column)`]],
  ['bad-expression-event-view', [`content/charts/rates.vl.json:8:61 params.0.select.on: ${SANDBOX}, got "event.view" in "scale(event.view.setTimeout, 'alert(1)')" (this leads from the event to the page; use event fields such as event.shiftKey or event.x)`]],
  ['bad-expression-unknown-function', [`content/charts/rates.vl.json:8:19 transform.0.calculate: ${SANDBOX}, got "foo()" in "foo(datum.rate_pct)" (not a Vega expression function; see https://vega.github.io/vega/docs/expressions/)`]],
  ['bad-expression-unparseable', ['content/charts/rates.vl.json:8:19 transform.0.filter: expected a valid Vega expression, got "datum.rate_pct >" (Unexpected end of input) (see https://vega.github.io/vega/docs/expressions/)']],
  ['bad-expression-unknown-param', ['content/charts/rates.vl.json:8:47 expected a chart Vega can run, got Unrecognized signal name: "cutoff" (a name in an expression may be misspelt; open the spec in the Vega editor (https://vega.github.io/editor/) to see the problem)']],
  ['bad-format-type', ['content/charts/rates.vl.json:12:62 encoding.tooltip.1.formatType: expected a formatType of "number", "time" or "utc", got "setTimeout" (custom format types run code; use a format string with number or time)']],
  ['bad-image-mark', [`content/charts/rates.vl.json:7:3 mark: expected a mark drawn from the data (bar, line, point, rule, text, ...), got "image" ${LINK_FIX}`]],
  ['bad-href-channel', [`content/charts/rates.vl.json:12:5 encoding.href: expected no "href" in a chart, got a "href" channel ${LINK_FIX}`]],
  // Rows written in the spec (an Altair export without usermeta.source): their provenance is the chart's source.
  ['bad-inline-no-source', ['content/charts/rates.vl.json:5:3 usermeta.source: expected usermeta.source: { "label": ..., "url": "https://..." }: where the rows written in this spec come from, got nothing']],
  // Chart specs: JSON and fields.
  ['bad-json', ["content/charts/rates.vl.json:8:3 expected valid JSON, got Expected ',' or '}' after property value (check for a missing comma or quote, or a trailing comma)"]],
  ['bad-unknown-field', ['content/charts/rates.vl.json:12:19 encoding.tooltip.0.field: expected a column of data/results.csv (group, rate_pct, source_url), got "grop" (did you mean "group"?)']],
  // The chart lint, where report.yaml makes its findings errors (chart_lint: error; by default they are
  // warnings and the site is built: chart-lint.test.ts and bad-input.test.ts).
  ['lint-strict', ['content/charts/rates.vl.json:7:3 mark: expected every bar drawn with a size, got 2 of 2 bars with no size or position (rows "control", "treated"), a value the scale cannot place at the wide and narrow layouts (bars start at 0, which a log scale cannot show: use a linear scale, or draw points instead of bars; or, if the reader is not misled, opt out with "usermeta": {"lint": {"area": "the reason"}})']],
  // Chapters.
  ['bad-unknown-chart', ['content/chapters/overview.mdx:9:4 <Ref>: expected a chart id from content/charts/ (rates), got "ratez" (did you mean "rates"?)']],
  ['bad-value-field', ['content/chapters/overview.mdx:7:27 <Value>: expected a column of data/results.csv (group, rate_pct, source_url), got "rate_pc" (did you mean "rate_pct"?)']],
  ['bad-duplicate-finding', ['content/chapters/finding-two.mdx:5 number: expected a finding number used once, got 1, also used by content/chapters/finding-one.mdx (number the findings 1, 2, 3 … in order)']],
];

