import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { avroTypeOptions, formatEpochMicros } from '../../src/avro/timestamp-micros.js';
import { Timestamp } from '../../src/db/timestamp.js';

const timestampType = avro.Type.forSchema(
  { type: 'long', logicalType: 'timestamp-micros' },
  avroTypeOptions(),
);
const plainLong = avro.Type.forSchema('long');
const longMax = 2n ** 63n - 1n;
const longMin = -(2n ** 63n);

describe('timestamp-micros', () => {
  it('writes a microsecond count as the long itself and reads it back unchanged', () => {
    // 2019-08-27T00:07:05.000001Z: one microsecond past the second, which a Date cannot hold.
    const micros = 1_566_864_425_000_001;
    const encoded = timestampType.toBuffer(micros);
    expect(plainLong.fromBuffer(encoded)).toBe(micros);
    expect(timestampType.fromBuffer(encoded)).toBe(micros);
  });

  it('reads and writes every long: a number where a double is exact, a bigint beyond', () => {
    // Around the varint lengths and the ends of a double's exact range, where decoding changes path.
    const edges = [0n, -1n, 2n ** 48n, 2n ** 52n - 1n, 2n ** 52n, -(2n ** 52n), -(2n ** 52n) - 1n];
    const beyond = [
      2n ** 53n - 1n,
      2n ** 53n,
      -(2n ** 53n),
      2n ** 56n,
      8_640_000_000_000_000_001n,
      longMax,
      longMin,
    ];
    for (const micros of [...edges, ...beyond]) {
      const decoded: unknown = timestampType.fromBuffer(timestampType.toBuffer(micros));
      const safe = micros >= -(2n ** 53n - 1n) && micros <= 2n ** 53n - 1n;
      expect(decoded, String(micros)).toBe(safe ? Number(micros) : micros);
      // The same bytes as avsc's own long writes, within 2^52, where it computes the zigzag exactly.
      if (micros > -(2n ** 52n) && micros < 2n ** 52n) {
        expect(timestampType.toBuffer(micros)).toEqual(plainLong.toBuffer(Number(micros)));
      }
    }
    // Beyond, avsc's own long rounds: -(2^52) - 1, zigzag 2^53 + 1, goes out as 2^53 (80 80 ... 10).
    expect(timestampType.toBuffer(-(2n ** 52n) - 1n)).toEqual(Buffer.from('8180808080808010', 'hex'));
    expect(plainLong.toBuffer(-(2 ** 52) - 1)).toEqual(Buffer.from('8080808080808010', 'hex'));
    // A bigint a double holds exactly comes back as a number, as the database gives int8.
    expect(timestampType.fromBuffer(timestampType.toBuffer(2n ** 53n - 1n))).toBe(Number.MAX_SAFE_INTEGER);
    // avsc's own long refuses what it would round; ours is the same on the wire.
    const encodedMax = timestampType.toBuffer(longMax);
    expect(() => plainLong.fromBuffer(encodedMax) as unknown).toThrow('potential precision loss');
    expect(timestampType.fromBuffer(plainLong.toBuffer(-1))).toBe(-1);
  });

  it('writes a Date as its milliseconds times 1000, and a Timestamp with its microseconds', () => {
    const encoded = timestampType.toBuffer(new Date('2019-08-27T00:07:05.123Z'));
    expect(plainLong.fromBuffer(encoded)).toBe(1_566_864_425_123_000);
    expect(timestampType.fromBuffer(timestampType.toBuffer(new Timestamp(1_566_864_425_123, 456)))).toBe(
      1_566_864_425_123_456,
    );
    // 275760-09-13, the last day a Date holds, is 8.64e18 microseconds: beyond 2^53, within a long.
    expect(timestampType.fromBuffer(timestampType.toBuffer(new Date(8.64e15)))).toBe(
      8_640_000_000_000_000_000n,
    );
  });

  it('refuses fractions, counts beyond a long, invalid Dates and other values instead of rounding them', () => {
    expect(timestampType.isValid(1.5)).toBe(false);
    expect(timestampType.isValid(Number.MAX_SAFE_INTEGER)).toBe(true);
    // A number past 2^53 - 1 may already be rounded: only a bigint says which count it is.
    expect(timestampType.isValid(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(timestampType.isValid(longMax)).toBe(true);
    expect(timestampType.isValid(longMax + 1n)).toBe(false);
    expect(timestampType.isValid(longMin - 1n)).toBe(false);
    expect(timestampType.isValid(new Date(Number.NaN))).toBe(false);
    expect(timestampType.isValid('2019-08-27T00:07:05Z')).toBe(false);
    expect(timestampType.isValid(null)).toBe(false);
  });

  it('formats a count as exact ISO 8601 UTC text with six fractional digits, in every year a long reaches', () => {
    expect(formatEpochMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatEpochMicros(1_566_864_425_000_000)).toBe('2019-08-27T00:07:05.000000Z');
    expect(formatEpochMicros(1_566_864_425_000_001)).toBe('2019-08-27T00:07:05.000001Z');
    expect(formatEpochMicros(1_566_864_425_999_999)).toBe('2019-08-27T00:07:05.999999Z');
    // Before 1970 the sub-millisecond part still counts forward from the millisecond below.
    expect(formatEpochMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatEpochMicros(-1001)).toBe('1969-12-31T23:59:59.998999Z');
    // The ends of a double's exact range, as Python's datetime computes them.
    expect(formatEpochMicros(-Number.MAX_SAFE_INTEGER)).toBe('1684-07-28T00:12:25.259009Z');
    expect(formatEpochMicros(Number.MAX_SAFE_INTEGER)).toBe('2255-06-05T23:47:34.740991Z');
    expect(() => formatEpochMicros(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    // ISO 8601 years around 1 BC: -62135596800 s is 0001-01-01T00:00:00Z, a day earlier is 0000-12-31.
    expect(formatEpochMicros(-62_135_596_800_000_000n - 86_400_000_000n)).toBe('0000-12-31T00:00:00.000000Z');
    // PostgreSQL's first instant, 4714-11-24 BC, is ISO year -4713.
    expect(formatEpochMicros(-210_866_803_200_000_000n)).toBe('-004713-11-24T00:00:00.000000Z');
    // 253402300800 s is 10000-01-01T00:00:00Z.
    expect(formatEpochMicros(253_402_300_800_000_000n)).toBe('+010000-01-01T00:00:00.000000Z');
    // The ends of a long, past a Date's range (-271821-04-20 to +275760-09-13): PostgreSQL's
    // to_timestamp(9223372036854.775807) reads 294247-01-10 04:00:54.775807 UTC.
    expect(formatEpochMicros(longMax)).toBe('+294247-01-10T04:00:54.775807Z');
    expect(formatEpochMicros(longMin)).toBe('-290308-12-21T19:59:05.224192Z');
    expect(formatEpochMicros(8_640_000_000_000_000_001n)).toBe('+275760-09-13T00:00:00.000001Z');
  });
});
