import { jsonText } from './json-text.js';

import { pickColumns, type RowSource } from './values.js';

/** Newline-delimited JSON: one object per line with exactly the report's columns. */
export async function* ndjsonChunks(
  rows: RowSource,
  columns: readonly string[],
  timeZone: string,
): AsyncIterable<string> {
  for await (const row of rows) yield jsonText(pickColumns(row, columns, timeZone)) + '\n';
}
