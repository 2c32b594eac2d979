import { jsonText } from './json-text.js';

import { pickColumns, type RowSource } from './values.js';

/** One JSON array of objects with exactly the report's columns, one object per line. */
export async function* jsonChunks(
  rows: RowSource,
  columns: readonly string[],
  timeZone: string,
): AsyncIterable<string> {
  let separator = '[\n';
  for await (const row of rows) {
    yield separator + jsonText(pickColumns(row, columns, timeZone));
    separator = ',\n';
  }
  yield separator === '[\n' ? '[]\n' : '\n]\n';
}
