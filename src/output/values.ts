import { jsonText } from './json-text.js';

/**
 * How report values look outside the database. Timestamps are instants, written in ISO 8601 UTC with Z
 * in every format, so a CSV, a JSON file and a table of the same rows agree; a Timestamp read from the
 * database (db/timestamp.ts) writes its microseconds and ISO 8601 years (0000 is 1 BC).
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
export function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  return value ?? null;
}

/** A value as one text cell: null is empty, arrays are JSON arrays like [11,11,11]. */
export function textValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return jsonText(value.map(jsonValue));
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return jsonText(value) ?? '';
}

/** The row as an object with exactly the given columns, in that order. */
export function pickColumns(row: OutputRow, columns: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const column of columns) picked[column] = jsonValue(columnValue(row, column));
  return picked;
}
