import avro from 'avsc';
import type { Int8 } from '../db/database.js';
import { Timestamp } from '../db/timestamp.js';
import { exactLong, int8Of } from './exact-long.js';

/**
 * The `timestamp-micros` logical type: a long counting microseconds since 1970-01-01T00:00:00Z, from
 * -290308-12-21T19:59:05.224192Z to +294247-01-10T04:00:54.775807Z.
 *
 * avsc has no built-in type for it, and a JavaScript Date holds only milliseconds, so the value in
 * JavaScript is the microsecond count itself: a number when a double holds it exactly (July 1684 to June
 * 2255), a bigint beyond, as the database gives int8. Every long is read and written exactly (the schema
 * is read with exactLong); a time no long can hold is refused, never rounded. Writing also accepts a
 * Date or Timestamp (exact to its microsecond), so code holding one needs no conversion of its own.
 */
export class TimestampMicros extends avro.types.LogicalType {
  constructor(schema: avro.Schema, options?: Partial<avro.ForSchemaOptions>) {
    // avsc builds the underlying type from this same schema object, and a long given as an object is
    // not looked up in the registry: the hook makes it the exact long.
    super(schema, {
      ...options,
      typeHook: (inner: avro.Schema, innerOptions: avro.ForSchemaOptions) =>
        inner === schema ? exactLong : options?.typeHook?.(inner, innerOptions),
    });
  }

  protected override _fromValue(micros: Int8): Int8 {
    return micros;
  }

  protected override _toValue(value: unknown): Int8 | undefined {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return undefined;
      return int8Of(
        BigInt(value.getTime()) * 1000n + BigInt(value instanceof Timestamp ? value.microsecond : 0),
      );
    }
    // The underlying long decides what it holds: safe integers and 64-bit bigints.
    return typeof value === 'number' || typeof value === 'bigint' ? value : undefined;
  }

  // A resolver between two schemas is only built for this same logical type; anything else is refused.
  protected override _resolve(type: avro.Type): ((micros: Int8) => Int8) | undefined {
    return avro.Type.isType(type, 'logical:timestamp-micros') ? (micros) => micros : undefined;
  }
}

export const logicalTypes = { 'timestamp-micros': TimestampMicros };

/** The options every schema of ours is read with: our logical type over a long that holds all 64 bits. */
export function avroTypeOptions(): Partial<avro.ForSchemaOptions> {
  // A fresh registry per schema: avsc adds the schema's named types to it.
  return { logicalTypes, registry: { long: exactLong } };
}

const millisecondsPer400Years = 146_097n * 86_400_000n;

/**
 * An exact ISO 8601 UTC text for a microsecond count, e.g. 2019-08-27T00:07:05.000123Z, with years as
 * ISO 8601 writes them (0000 is 1 BC; -000001, +010000 beyond 0000-9999), for every long: past the
 * Date's range (years -271821 to 275760) the count is moved by whole 400-year cycles, which repeat the
 * Gregorian calendar exactly, and the year moved back.
 */
export function formatEpochMicros(micros: Int8): string {
  if (typeof micros === 'number' && !Number.isSafeInteger(micros)) {
    throw new RangeError(`${micros} is not a whole number of microseconds`);
  }
  const count = BigInt(micros);
  // Integer arithmetic only: dividing by 1000 in floating point could round near a whole millisecond.
  const subMillis = ((count % 1000n) + 1000n) % 1000n;
  const millis = (count - subMillis) / 1000n;
  const cycles = millis / millisecondsPer400Years;
  const iso = new Date(Number(millis - cycles * millisecondsPer400Years)).toISOString();
  const yearEnd = iso.indexOf('-', 1);
  const year = Number(iso.slice(0, yearEnd)) + Number(cycles) * 400;
  const yearText =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  return `${yearText}${iso.slice(yearEnd, -1)}${String(subMillis).padStart(3, '0')}Z`;
}
