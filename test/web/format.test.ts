import { describe, expect, it } from 'vitest';
import { Timestamp } from '../../src/db/timestamp.js';
import { isoInZone } from '../../src/output/index.js';
import { localTime, readableTime } from '../../src/web/views/format.js';

describe('times on the pages', () => {
  // 2019-08-27T00:04:59.999999Z is 08:04:59.999999 in Singapore (+08:00).
  const precise = new Timestamp(Date.UTC(2019, 7, 27, 0, 4, 59, 999), 999);

  it('show the zone’s clock with its offset, keep the microseconds, and leave out a fraction of zero', () => {
    expect(readableTime(precise, 'Asia/Singapore')).toBe('2019-08-27 08:04:59.999999 +08:00');
    expect(isoInZone(precise, 'UTC')).toBe('2019-08-27T00:04:59.999999Z');
    expect(readableTime(precise, 'UTC')).toBe('2019-08-27 00:04:59.999999 UTC');
    expect(readableTime(new Date(Date.UTC(2019, 7, 27, 0, 0, 0, 500)), 'UTC')).toBe(
      '2019-08-27 00:00:00.500 UTC',
    );
    expect(isoInZone(new Date(Date.UTC(2019, 7, 27)), 'UTC')).toBe('2019-08-27T00:00:00Z');
    expect(readableTime(new Date(Date.UTC(2019, 7, 27)), 'UTC')).toBe('2019-08-27 00:00:00 UTC');
  });

  it('put the ISO 8601 instant with its offset in the markup and the UTC reading on hover', () => {
    // The session: 00:56:45Z is 20:56:45 the evening before in New York, on EDT (-04:00).
    expect(String(localTime(new Date('2019-08-27T00:56:45Z'), 'America/New_York') as unknown as string)).toBe(
      '<time datetime="2019-08-26T20:56:45-04:00" title="2019-08-27 00:56:45 UTC">2019-08-26 20:56:45 -04:00</time>',
    );
    // Either side of the end of DST on 2019-11-03 (06:00Z): 01:30 twice, told apart by the offset.
    expect(readableTime(new Date('2019-11-03T05:30:00Z'), 'America/New_York')).toBe(
      '2019-11-03 01:30:00 -04:00',
    );
    expect(readableTime(new Date('2019-11-03T06:30:00Z'), 'America/New_York')).toBe(
      '2019-11-03 01:30:00 -05:00',
    );
  });

  it('write years as ISO 8601 does: 0000 is 1 BC, and beyond 9999 a sign and six digits', () => {
    expect(readableTime(new Date('0000-12-31T16:00:00Z'), 'UTC')).toBe('0000-12-31 16:00:00 UTC');
    expect(readableTime(new Date('-000001-06-01T00:00:00Z'), 'UTC')).toBe('-000001-06-01 00:00:00 UTC');
    // Singapore is +08:00 in 10000 AD: 04:00 UTC is noon there.
    expect(readableTime(new Date('+010000-01-01T04:00:00Z'), 'Asia/Singapore')).toBe(
      '+010000-01-01 12:00:00 +08:00',
    );
  });
});
