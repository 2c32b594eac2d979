import { postgresTimestampText } from './timestamp.js';

/**
 * Encodes one row in PostgreSQL's COPY text format: tab-separated, \N for null, and backslash escapes for
 * the characters that would otherwise end a field or a row.
 */
export type CopyValue = string | number | bigint | boolean | Date | null | undefined;

const specialCharacter = /[\\\t\n\r]/;
const specialCharacters = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  // PostgreSQL's own form: it refuses ISO 8601's year 0000 and signed years, which toISOString writes.
  if (value instanceof Date) return postgresTimestampText(value);
  const text = String(value);
  return specialCharacter.test(text) ? text.replace(specialCharacters, (c) => escapes[c] ?? c) : text;
}

export function encodeCopyRow(values: readonly CopyValue[]): string {
  return values.map(encodeCopyValue).join('\t') + '\n';
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM ${source}`;
}
