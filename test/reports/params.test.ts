import { describe, expect, it } from 'vitest';
import {
  engagementParamsSchema,
  parseLocalMoment,
  sessionParamsSchema,
  sessionTimelineParamsSchema,
  weeklyParamsSchema,
} from '../../src/reports/index.js';

const problems = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => result.error?.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`) ?? [];

describe('report parameters', () => {
  it('reads local dates and times as the span they name', () => {
    expect(parseLocalMoment('2019-08-12')).toEqual({
      text: '2019-08-12',
      start: '2019-08-12 00:00:00',
      end: '2019-08-13 00:00:00',
    });
    expect(parseLocalMoment('2019-08-12 23:59')).toEqual({
      text: '2019-08-12T23:59',
      start: '2019-08-12 23:59:00',
      end: '2019-08-13 00:00:00',
    });
    expect(parseLocalMoment('2019-12-31T23:59:59')).toEqual({
      text: '2019-12-31T23:59:59',
      start: '2019-12-31 23:59:59',
      end: '2020-01-01 00:00:00',
    });
    expect(parseLocalMoment('2020-02-29')).toMatchObject({ end: '2020-03-01 00:00:00' });
  });

  it('refuses what is not a local date or time, naming the problem', () => {
    expect(parseLocalMoment('2019-02-29')).toBe('"2019-02-29" is not a real date and time');
    expect(parseLocalMoment('2019-08-12T24:00')).toBe('"2019-08-12T24:00" is not a real date and time');
    expect(parseLocalMoment('12/08/2019')).toMatch(/^expected a date YYYY-MM-DD or a local date and time/);
    expect(parseLocalMoment('2019-08-26T17:25:19Z')).toMatch(/has a UTC offset: give the wall-clock time/);
    expect(parseLocalMoment('2019-08-26T17:25:19+08:00')).toMatch(/has a UTC offset/);
    expect(parseLocalMoment('2019-08-12T10:00', true)).toBe(
      'expected a date YYYY-MM-DD, got "2019-08-12T10:00"',
    );
    expect(parseLocalMoment("2019-08-12'; DROP TABLE campaign; --")).toMatch(/^expected a date/);
  });

  it('validates the zone as an IANA name and spells it canonically', () => {
    expect(engagementParamsSchema.parse({}).tz).toBe('Asia/Singapore');
    expect(engagementParamsSchema.parse({ tz: 'asia/singapore' }).tz).toBe('Asia/Singapore');
    expect(engagementParamsSchema.parse({ tz: '' }).tz).toBe('Asia/Singapore');
    for (const tz of ['Mars/Olympus', '+08:00', 'SGT', "UTC'; --"]) {
      expect(problems(engagementParamsSchema.safeParse({ tz }))).toEqual([
        `tz: unknown time zone "${tz}": use an IANA name like Asia/Singapore or UTC`,
      ]);
    }
  });

  it('refuses a from later than to, and accepts a one-day or a datetime-within-date range', () => {
    expect(problems(engagementParamsSchema.safeParse({ from: '2019-08-13', to: '2019-08-12' }))).toEqual([
      'from: 2019-08-13 is later than to (2019-08-12)',
    ]);
    expect(problems(weeklyParamsSchema.safeParse({ from: '2019-08-13', to: '2019-08-12' }))).toHaveLength(1);
    expect(engagementParamsSchema.safeParse({ from: '2019-08-12', to: '2019-08-12' }).success).toBe(true);
    expect(engagementParamsSchema.safeParse({ from: '2019-08-12T23:00', to: '2019-08-12' }).success).toBe(
      true,
    );
    expect(
      problems(engagementParamsSchema.safeParse({ from: '2019-08-12T10:00:01', to: '2019-08-12T10:00:00' })),
    ).toHaveLength(1);
  });

  it('limits numbers, ids and sorts, and treats empty strings as not given', () => {
    expect(
      problems(
        sessionParamsSchema.safeParse({
          gap: '0',
          limit: '1001',
          offset: '-1',
          sort: 'session_start; DROP TABLE x',
          driven: 'yes',
        }),
      ),
    ).toEqual([
      'gap: must be at least 1',
      'driven: expected true or false',
      expect.stringMatching(/^sort: expected one of user_id, session_start, /),
      'limit: must be at most 1000',
      'offset: must be at least 0',
    ]);
    expect(problems(sessionParamsSchema.safeParse({ gap: '30s', limit: '1.5' }))).toEqual([
      'gap: expected a whole number',
      'limit: expected a whole number',
    ]);
    const idError = 'campaign: expected a whole number from -9223372036854775808 to 9223372036854775807';
    expect(problems(engagementParamsSchema.safeParse({ campaign: '1e3' }))).toEqual([idError]);
    expect(problems(engagementParamsSchema.safeParse({ campaign: '9223372036854775808' }))).toEqual([
      idError,
    ]);
    expect(problems(engagementParamsSchema.safeParse({ campaign: '-9223372036854775809' }))).toEqual([
      idError,
    ]);
    // Every id a bigint column holds: negative ones, and those beyond 2^53 as exact bigints.
    const campaign = (given: string) => engagementParamsSchema.parse({ campaign: given }).campaign;
    expect(campaign('-3')).toBe(-3);
    expect(campaign(' 0011 ')).toBe(11);
    expect(campaign('9007199254740993')).toBe(9007199254740993n);
    expect(campaign('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(campaign('9223372036854775807')).toBe(9223372036854775807n);
    // A user id of any length, as the log holds it.
    expect(sessionParamsSchema.parse({ user: 'u'.repeat(200) }).user).toBe('u'.repeat(200));
    expect(
      sessionParamsSchema.parse({ gap: '', user: '', limit: '', offset: '', sort: '', driven: '' }),
    ).toEqual({
      tz: 'Asia/Singapore',
      gap: 300,
      driven: false,
      sort: 'user_id',
      offset: 0,
    });
    expect(
      sessionParamsSchema.parse({ gap: ' 299 ', driven: 'true', limit: 1000, user: ' 42 ' }),
    ).toMatchObject({
      gap: 299,
      driven: true,
      limit: 1000,
      user: '42',
    });
  });

  it('takes a session start as an exact instant with Z or an offset, in any year, as PostgreSQL text', () => {
    expect(sessionTimelineParamsSchema.parse({ user: '1014506', start: '2019-08-26T17:25:19Z' })).toEqual({
      user: '1014506',
      start: '2019-08-26 17:25:19.000000+00',
      gap: 300,
    });
    const start = (text: string) =>
      sessionTimelineParamsSchema.safeParse({ user: '1', start: text }).data?.start;
    // Worked out by hand: 01:25:20.123456 at +08:00 is 17:25:20.123456 UTC the day before.
    expect(start('2019-08-27T01:25:20.123456+08:00')).toBe('2019-08-26 17:25:20.123456+00');
    expect(start('2019-08-26T17:25Z')).toBe('2019-08-26 17:25:00.000000+00');
    // ISO 8601's year 0000 is 1 BC and -000001 is 2 BC; PostgreSQL has no year 0 and writes BC.
    expect(start('0000-12-31T16:00:00.000Z')).toBe('0001-12-31 16:00:00.000000+00 BC');
    expect(start('-000001-03-01T00:00:00Z')).toBe('0002-03-01 00:00:00.000000+00 BC');
    expect(start('+010000-01-01T04:59:59.000001Z')).toBe('10000-01-01 04:59:59.000001+00');
    // Dates and times that do not exist, and forms that are not ISO 8601 instants.
    for (const text of [
      '2019-02-29T00:00:00Z',
      '2019-08-26T24:00:00Z',
      '-000000-01-01T00:00:00Z',
      '2019-08-26T17:25:19',
      '2019-08-26T17:25:19+24:00',
      '10000-01-01T00:00:00Z',
    ]) {
      expect(start(text), text).toBeUndefined();
    }
    expect(
      problems(sessionTimelineParamsSchema.safeParse({ user: '', start: '2019-08-26 17:25:19' })),
    ).toEqual(['user: expected a user id', 'start: expected an ISO 8601 timestamp with Z or an offset']);
  });
});
