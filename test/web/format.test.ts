import { describe, expect, it } from 'vitest';
import { Timestamp } from '../../src/db/timestamp.js';
import { utcTime, wallClock } from '../../src/web/views/format.js';

describe('times on the pages', () => {
  // 2019-08-27T00:04:59.999999Z is 08:04:59.999999 in Singapore (+08:00).
  const precise = new Timestamp(Date.UTC(2019, 7, 27, 0, 4, 59, 999), 999);

  it('keep the microseconds of an instant, and leave out a fraction of zero', () => {
    expect(wallClock(precise, 'Asia/Singapore')).toBe('2019-08-27 08:04:59.999999');
    expect(String(utcTime(precise) as string)).toBe(
      '<time datetime="2019-08-27T00:04:59.999999Z">2019-08-27 00:04:59.999999 UTC</time>',
    );
    expect(wallClock(new Date(Date.UTC(2019, 7, 27, 0, 0, 0, 500)), 'UTC')).toBe('2019-08-27 00:00:00.500');
    expect(String(utcTime(new Date(Date.UTC(2019, 7, 27))) as string)).toBe(
      '<time datetime="2019-08-27T00:00:00.000Z">2019-08-27 00:00:00 UTC</time>',
    );
  });

  it('write years as ISO 8601 does: 0000 is 1 BC, and beyond 9999 a sign and six digits', () => {
    expect(wallClock(new Date('0000-12-31T16:00:00Z'), 'UTC')).toBe('0000-12-31 16:00:00');
    expect(wallClock(new Date('-000001-06-01T00:00:00Z'), 'UTC')).toBe('-000001-06-01 00:00:00');
    // Singapore is +08:00 in 10000 AD: 04:00 UTC is noon there.
    expect(wallClock(new Date('+010000-01-01T04:00:00Z'), 'Asia/Singapore')).toBe('+010000-01-01 12:00:00');
  });
});
