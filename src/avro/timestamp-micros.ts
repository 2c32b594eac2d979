import avro from 'avsc';
import { Timestamp } from '../db/timestamp.js';

/**
 * The `timestamp-micros` logical type: a long counting microseconds since 1970-01-01T00:00:00Z.
 *
 * avsc has no built-in type for it, and a JavaScript Date holds only milliseconds, so the value in
 * JavaScript is the microsecond count itself, as a number. Every count avsc holds exactly as a number
 * (up to 2^53 - 2) is exact, which covers July 1684 to June 2255; a timestamp outside is refused, never
 * rounded.
 * Writing also accepts a Date (exact: its milliseconds times 1000), so code holding Dates needs no
 * conversion of its own.
 */
export class TimestampMicros extends avro.types.LogicalType {
  protected override _fromValue(micros: number): number {
    return micros;
  }

  protected override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) {
      const micros = value.getTime() * 1000 + (value instanceof Timestamp ? value.microsecond : 0);
      if (Number.isSafeInteger(micros)) return micros;
      throw outsideSpan(value.toISOString());
    }
    // The database gives microsecond counts beyond 2^53 - 1 as bigints (db/database.ts): exact, and
    // refused here by name rather than rounded.
    if (typeof value === 'bigint') {
      const subMillis = ((value % 1000n) + 1000n) % 1000n;
      throw outsideSpan(new Timestamp(Number((value - subMillis) / 1000n), Number(subMillis)).toISOString());
    }
    return Number.isSafeInteger(value) ? (value as number) : undefined;
  }

  // A resolver between two schemas is only built for this same logical type; anything else is refused.
  protected override _resolve(type: avro.Type): ((micros: number) => number) | undefined {
    return avro.Type.isType(type, 'logical:timestamp-micros') ? (micros) => micros : undefined;
  }
}

function outsideSpan(iso: string): RangeError {
  return new RangeError(
    `${iso} is outside the times an Avro file holds exactly here (timestamp-micros as a JavaScript number: July 1684 to June 2255)`,
  );
}

export const logicalTypes = { 'timestamp-micros': TimestampMicros };

/** An exact ISO 8601 UTC text for a microsecond count, e.g. 2019-08-27T00:07:05.000123Z; PostgreSQL reads it as is. */
export function formatEpochMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`${micros} is not a whole number of microseconds`);
  // Integer arithmetic only: dividing by 1000 in floating point could round near a whole millisecond.
  const subMillis = ((micros % 1000) + 1000) % 1000;
  const iso = new Date((micros - subMillis) / 1000).toISOString();
  return `${iso.slice(0, -1)}${String(subMillis).padStart(3, '0')}Z`;
}
