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

/** Avro's zigzag varint of a long, from its bytes as they are on the wire. */
function fromVarint(bytes: Buffer): Int8 {
  // A zigzag value up to 2^53 - 1 is summed exactly in a double: the common case, without a bigint.
  if (bytes.length <= 8) {
    let zigzag = 0;
    for (let i = bytes.length - 1; i >= 0; i--) zigzag = zigzag * 128 + ((bytes[i] ?? 0) & 0x7f);
    if (zigzag <= Number.MAX_SAFE_INTEGER) return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }
  let zigzag = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) zigzag = (zigzag << 7n) | BigInt((bytes[i] ?? 0) & 0x7f);
  return int8Of((zigzag >> 1n) ^ -(zigzag & 1n));
}

function toVarint(value: Int8): Buffer {
  const long = BigInt(value);
  let zigzag = long < 0n ? ((-long - 1n) << 1n) | 1n : long << 1n;
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return Buffer.from(bytes);
}

/**
 * Avro's long, every value of it: avsc's own long type refuses counts beyond 2^53 ("potential precision
 * loss"), so a record holding a time after June 2255 or an id past 2^53 could be neither read nor
 * written. This one reads and writes all 64 bits, giving an Int8 like the database does. It takes the
 * varint bytes as they are (noUnpack), so most values are decoded without a bigint.
 */
export const exactLong = avro.types.LongType.__with(
  {
    fromBuffer: fromVarint,
    toBuffer: toVarint,
    // JSON has no bigint: a long beyond a double's exact range goes out, and comes back, as a string.
    fromJSON: (value: number | string): Int8 => int8Of(BigInt(value)),
    toJSON: (value: Int8): number | string => (typeof value === 'bigint' ? value.toString() : value),
    isValid: isLong,
    compare: (left: Int8, right: Int8): number => {
      const difference = BigInt(left) - BigInt(right);
      return difference < 0n ? -1 : difference > 0n ? 1 : 0;
    },
  },
  true,
);
