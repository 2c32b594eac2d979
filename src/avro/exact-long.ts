import avro from 'avsc';
import type { Int8 } from '../db/database.js';

const minLong = -(2n ** 63n);
const maxLong = 2n ** 63n - 1n;

/** A number when a double holds it exactly, a bigint beyond: how the database gives int8 (db/database.ts). */
export function int8Of(value: bigint): Int8 {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function isLong(value: unknown): value is Int8 {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'bigint' && value >= minLong && value <= maxLong;
}

/**
 * Avro's long, every value of it: avsc's own long type refuses counts beyond 2^53 ("potential precision
 * loss"), so a record holding a time after June 2255 or an id past 2^53 could be neither read nor
 * written. This one reads and writes all 64 bits, giving an Int8 like the database does.
 */
export const exactLong = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer): Int8 => int8Of(buffer.readBigInt64LE()),
  toBuffer: (value: Int8): Buffer => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  // JSON has no bigint: a long beyond a double's exact range goes out, and comes back, as a string.
  fromJSON: (value: number | string): Int8 => int8Of(BigInt(value)),
  toJSON: (value: Int8): number | string => (typeof value === 'bigint' ? value.toString() : value),
  isValid: isLong,
  compare: (left: Int8, right: Int8): number => {
    const difference = BigInt(left) - BigInt(right);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  },
});
