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

/** An id: a whole number within the range a JavaScript number holds exactly (the database's is wider). */
export function wholeNumberField(column: string, text: string): number {
  if (text === '') throw new FieldError(`empty ${column}`);
  if (!wholeNumber.test(text)) {
    throw new FieldError(`bad number in ${column}: ${JSON.stringify(text)} (expected a whole number)`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new FieldError(
      `bad number in ${column}: ${JSON.stringify(text)} (beyond ${Number.MAX_SAFE_INTEGER}, the largest id kept exactly)`,
    );
  }
  return value;
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
