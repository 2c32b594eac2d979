import { FieldError } from './field-error.js';
import { parseTimestamp, type Timestamp } from './timestamp.js';

/**
 * Field conversions shared by the CSV tables. Each takes the column name, so the reason names it:
 * `empty name`, `bad number in id: "1.5"`, `bad timestamp in updated_at: "2019-02-30 ..." (...)`.
 */

const wholeNumber = /^-?\d+$/;

export function requiredText(column: string, text: string): string {
  if (text === '') throw new FieldError(`empty ${column}`);
  return text;
}

const int8Min = -(2n ** 63n);
const int8Max = 2n ** 63n - 1n;

/**
 * An id: a whole number that the bigint columns hold (-9223372036854775808 to 9223372036854775807): a
 * number when a double holds it exactly, a bigint beyond, never rounded.
 */
export function wholeNumberField(column: string, text: string): number | bigint {
  if (text === '') throw new FieldError(`empty ${column}`);
  if (!wholeNumber.test(text)) {
    throw new FieldError(`bad number in ${column}: ${JSON.stringify(text)} (expected a whole number)`);
  }
  const value = Number(text);
  if (Number.isSafeInteger(value)) return value;
  const exact = BigInt(text);
  if (exact < int8Min || exact > int8Max) {
    throw new FieldError(
      `bad number in ${column}: ${JSON.stringify(text)} (beyond ${int8Min} to ${int8Max}, the range of a bigint id)`,
    );
  }
  return exact;
}

export function timestampField(column: string, text: string): Timestamp {
  if (text === '') throw new FieldError(`empty ${column}`);
  try {
    return parseTimestamp(text);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw new FieldError(`bad timestamp in ${column}: ${JSON.stringify(text)} (${error.message})`);
  }
}
