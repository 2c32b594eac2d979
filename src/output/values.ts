import { jsonText } from './json-text.js';
import { isoInZone } from './zoned-time.js';

/**
 * How report values look outside the database. Timestamps are instants, written in ISO 8601 on the
 * reporting zone's clock with its offset (2019-08-27T08:56:45+08:00; Z in UTC) in every format, so a CSV,
 * a JSON file and a table of the same rows agree; a Timestamp read from the database (db/timestamp.ts)
 * keeps its microseconds, and years are ISO 8601's (0000 is 1 BC).
 */
/** Any row object; writers read only the named columns of it. */
export type OutputRow = object;

/** Rows as a report streams them, or as an array already in memory. */
export type RowSource = AsyncIterable<OutputRow> | Iterable<OutputRow>;

/** One column's value of a row. */
export function columnValue(row: OutputRow, column: string): unknown {
  return (row as Readonly<Record<string, unknown>>)[column];
}

/**
 * A value as JSON carries it: dates as ISO strings, arrays element by element, the rest as it is (a bigint
 * id too: jsonText writes it as an exact number).
 */
export function jsonValue(value: unknown, timeZone: string): unknown {
  if (value instanceof Date) return isoInZone(value, timeZone);
  if (Array.isArray(value)) return value.map((item) => jsonValue(item, timeZone));
  return value ?? null;
}

/** A value as one text cell: null is empty, arrays are JSON arrays like [11,11,11]. */
export function textValue(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoInZone(value, timeZone);
  if (Array.isArray(value)) return jsonText(value.map((item) => jsonValue(item, timeZone)));
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return jsonText(value) ?? '';
}

/** The row as an object with exactly the given columns, in that order, instants in `timeZone`. */
export function pickColumns(
  row: OutputRow,
  columns: readonly string[],
  timeZone: string,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const column of columns) picked[column] = jsonValue(columnValue(row, column), timeZone);
  return picked;
}
