import { describe, expect, it } from 'vitest';
import { zoneOffsetSeconds } from '../../src/config/time-zone.js';
import { parseIsoInstant, Timestamp } from '../../src/db/timestamp.js';
import { isoInZone } from '../../src/output/index.js';

describe('instants on a zone’s clock, with its offset', () => {
  it('follow New York across the end of DST on 2019-11-03', () => {
    // At 06:00Z the clocks went from 02:00 EDT (-04:00) back to 01:00 EST (-05:00): 01:30 happened twice.
    expect(isoInZone(new Date('2019-11-03T05:30:00Z'), 'America/New_York')).toBe('2019-11-03T01:30:00-04:00');
    expect(isoInZone(new Date('2019-11-03T05:59:59.999Z'), 'America/New_York')).toBe(
      '2019-11-03T01:59:59.999-04:00',
    );
    expect(isoInZone(new Date('2019-11-03T06:00:00Z'), 'America/New_York')).toBe('2019-11-03T01:00:00-05:00');
    expect(isoInZone(new Date('2019-11-03T06:30:00Z'), 'America/New_York')).toBe('2019-11-03T01:30:00-05:00');
    // The example: 00:56:45Z on 2019-08-27 is 20:56:45 the evening before in New York (EDT).
    expect(isoInZone(new Date('2019-08-27T00:56:45Z'), 'America/New_York')).toBe('2019-08-26T20:56:45-04:00');
  });

  it('write Singapore at +08:00, UTC with Z, and another zone at offset 0 with +00:00', () => {
    expect(isoInZone(new Date('2019-08-27T00:56:45Z'), 'Asia/Singapore')).toBe('2019-08-27T08:56:45+08:00');
    expect(isoInZone(new Date('2019-08-27T00:56:45Z'), 'UTC')).toBe('2019-08-27T00:56:45Z');
    expect(isoInZone(new Date('2019-08-27T00:56:45Z'), 'Etc/UTC')).toBe('2019-08-27T00:56:45Z');
    // London is on GMT in winter: the same clock as UTC, but a zone of its own.
    expect(isoInZone(new Date('2019-12-01T12:00:00Z'), 'Europe/London')).toBe('2019-12-01T12:00:00+00:00');
  });

  it('keep milliseconds and microseconds when there are any, and leave out a fraction of zero', () => {
    const precise = new Timestamp(Date.UTC(2019, 7, 27, 0, 4, 59, 999), 999);
    expect(isoInZone(precise, 'Asia/Singapore')).toBe('2019-08-27T08:04:59.999999+08:00');
    expect(isoInZone(new Timestamp(Date.UTC(2019, 7, 27), 1), 'UTC')).toBe('2019-08-27T00:00:00.000001Z');
    expect(isoInZone(new Date(Date.UTC(2019, 7, 27, 0, 0, 0, 500)), 'UTC')).toBe('2019-08-27T00:00:00.500Z');
  });

  it('write years as ISO 8601 does, also where the local date is in another year than UTC’s', () => {
    // 0001-01-01T00:00:00+08:00 is 0000-12-31T16:00:00Z (1 BC); Singapore kept local mean time then,
    // +06:55:25 by the tz database, so its clock read 22:55:25 on the same day.
    const oneBc = new Date('0000-12-31T16:00:00Z');
    expect(isoInZone(oneBc, 'UTC')).toBe('0000-12-31T16:00:00Z');
    expect(isoInZone(oneBc, 'Asia/Singapore')).toBe('0000-12-31T22:55:25+06:55:25');
    expect(isoInZone(new Date('-000001-06-01T00:00:00Z'), 'UTC')).toBe('-000001-06-01T00:00:00Z');
    // 9999-12-31T23:00:00-05:00 is 04:00Z in 10000 AD, noon in Singapore (+08:00).
    expect(isoInZone(new Date('+010000-01-01T04:00:00Z'), 'Asia/Singapore')).toBe(
      '+010000-01-01T12:00:00+08:00',
    );
    expect(isoInZone(new Date('+010000-01-01T04:00:00Z'), 'America/New_York')).toBe(
      '9999-12-31T23:00:00-05:00',
    );
    // The last instant a Date holds is later on a clock east of UTC than any Date.
    expect(isoInZone(new Date(8.64e15), 'Asia/Singapore')).toBe('+275760-09-13T08:00:00+08:00');
    expect(isoInZone(new Date(-8.64e15), 'UTC')).toBe('-271821-04-20T00:00:00Z');
  });

  it('give the offset at the instant, also within an hour whose offset changes', () => {
    // Kathmandu moved from +05:30 to +05:45 at 1986-01-01 00:00 local, 1985-12-31T18:30:00Z: mid-hour.
    expect(zoneOffsetSeconds('Asia/Kathmandu', Date.UTC(1985, 11, 31, 18, 29, 59, 999))).toBe(5.5 * 3600);
    expect(zoneOffsetSeconds('Asia/Kathmandu', Date.UTC(1985, 11, 31, 18, 30))).toBe(5.75 * 3600);
    expect(isoInZone(new Date('1985-12-31T18:29:59Z'), 'Asia/Kathmandu')).toBe('1985-12-31T23:59:59+05:30');
    expect(isoInZone(new Date('1985-12-31T18:30:00Z'), 'Asia/Kathmandu')).toBe('1986-01-01T00:15:00+05:45');
    // The same hour asked again comes from what was remembered, the same answer.
    expect(isoInZone(new Date('1985-12-31T18:00:00Z'), 'Asia/Kathmandu')).toBe('1985-12-31T23:30:00+05:30');
  });

  it('read back to the same instant, to the microsecond, whatever the zone and year', () => {
    const instants = [
      new Timestamp(Date.UTC(2019, 10, 3, 6, 1, 40), 7),
      new Date('0000-12-31T16:00:00Z'),
      new Date('+010000-01-01T04:59:59.001Z'),
      new Date('1985-12-31T18:30:00Z'),
    ];
    for (const instant of instants) {
      for (const zone of ['America/New_York', 'Asia/Singapore', 'Asia/Kathmandu', 'UTC']) {
        const read = parseIsoInstant(isoInZone(instant, zone));
        expect(read?.getTime()).toBe(instant.getTime());
        expect(read?.microsecond).toBe(instant instanceof Timestamp ? instant.microsecond : 0);
      }
    }
    // Local mean time has seconds in its offset: 22:55:25+06:55:25 is 16:00:00Z.
    expect(parseIsoInstant('0000-12-31T22:55:25+06:55:25')?.toISOString()).toBe('0000-12-31T16:00:00.000Z');
    expect(parseIsoInstant('2019-08-27T08:00:00+08:00:60')).toBeUndefined();
  });
});
