import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { formatEpochMicros, logicalTypes } from '../../src/avro/timestamp-micros.js';

const timestampType = avro.Type.forSchema(
  { type: 'long', logicalType: 'timestamp-micros' },
  {
    logicalTypes,
  },
);
const plainLong = avro.Type.forSchema('long');

describe('timestamp-micros', () => {
  it('writes a microsecond count as the long itself and reads it back unchanged', () => {
    // 2019-08-27T00:07:05.000001Z: one microsecond past the second, which a Date cannot hold.
    const micros = 1_566_864_425_000_001;
    const encoded = timestampType.toBuffer(micros);
    expect(plainLong.fromBuffer(encoded)).toBe(micros);
    expect(timestampType.fromBuffer(encoded)).toBe(micros);
  });

  it('writes a Date as its milliseconds times 1000', () => {
    const encoded = timestampType.toBuffer(new Date('2019-08-27T00:07:05.123Z'));
    expect(plainLong.fromBuffer(encoded)).toBe(1_566_864_425_123_000);
  });

  it('refuses fractions, counts avsc cannot hold exactly, invalid Dates and other values instead of rounding them', () => {
    expect(timestampType.isValid(1.5)).toBe(false);
    // avsc's exact longs stop one short of Number.MAX_SAFE_INTEGER.
    expect(timestampType.isValid(9_007_199_254_740_990)).toBe(true);
    expect(timestampType.isValid(-9_007_199_254_740_990)).toBe(true);
    expect(timestampType.isValid(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(timestampType.isValid(new Date(Number.NaN))).toBe(false);
    // 275760-09-13, the last day a Date holds, is 8.64e18 microseconds: beyond 2^53.
    expect(timestampType.isValid(new Date(8.64e15))).toBe(false);
    expect(timestampType.isValid('2019-08-27T00:07:05Z')).toBe(false);
    expect(timestampType.isValid(null)).toBe(false);
  });

  it('formats a count as exact ISO 8601 UTC text with six fractional digits', () => {
    expect(formatEpochMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatEpochMicros(1_566_864_425_000_000)).toBe('2019-08-27T00:07:05.000000Z');
    expect(formatEpochMicros(1_566_864_425_000_001)).toBe('2019-08-27T00:07:05.000001Z');
    expect(formatEpochMicros(1_566_864_425_999_999)).toBe('2019-08-27T00:07:05.999999Z');
    // Before 1970 the sub-millisecond part still counts forward from the millisecond below.
    expect(formatEpochMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatEpochMicros(-1001)).toBe('1969-12-31T23:59:59.998999Z');
    // The ends of the exact range, as Python's datetime computes them.
    expect(formatEpochMicros(-Number.MAX_SAFE_INTEGER)).toBe('1684-07-28T00:12:25.259009Z');
    expect(formatEpochMicros(Number.MAX_SAFE_INTEGER)).toBe('2255-06-05T23:47:34.740991Z');
    expect(() => formatEpochMicros(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
