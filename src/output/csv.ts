import { columnValue, textValue, type RowSource } from './values.js';

const needsQuotes = /[",\r\n]/;

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break, quotes doubled. */
export function csvField(text: string): string {
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** RFC 4180 CSV: a header row of the column names, then one CRLF-terminated record per row. */
export async function* csvChunks(
  rows: RowSource,
  columns: readonly string[],
  timeZone: string,
): AsyncIterable<string> {
  yield csvRecord(columns);
  for await (const row of rows) {
    yield csvRecord(columns.map((column) => csvCell(columnValue(row, column), timeZone)));
  }
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One value as its CSV text. Text from the data that a spreadsheet would run as a formula (a campaign
 * named `=HYPERLINK(...)`, say) gets a leading apostrophe, OWASP's rule, so it opens as the text it is;
 * numbers, dates and arrays are written as they are, so a negative number stays a number.
 */
export function csvCell(value: unknown, timeZone: string): string {
  const text = textValue(value, timeZone);
  return typeof value === 'string' && formulaStart.test(text) ? `'${text}` : text;
}
