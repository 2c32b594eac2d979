import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/ingest/parsers/field-error.js';
import { parseTimestamp, Timestamp } from '../../src/ingest/parsers/timestamp.js';

/** The instant as UTC text with microseconds, the way the tests state expected answers. */
function utc(text: string): string {
  return parseTimestamp(text).toISOString();
}

function reason(text: string): string {
  try {
    parseTimestamp(text);
  } catch (error) {
    if (error instanceof FieldError) return error.message;
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseTimestamp', () => {
  it('reads the CSV form, with " UTC" and milliseconds', () => {
    expect(utc('2019-08-09 12:04:10.041 UTC')).toBe('2019-08-09T12:04:10.041Z');
  });

  it('reads ISO 8601 with an offset or Z, converting to UTC', () => {
    expect(utc('2019-08-27T00:07:05+00:00')).toBe('2019-08-27T00:07:05.000Z');
    expect(utc('2019-08-27T08:07:05+08:00')).toBe('2019-08-27T00:07:05.000Z');
    expect(utc('2019-08-26T18:37:05-05:30')).toBe('2019-08-27T00:07:05.000Z');
    expect(utc('2019-08-27T00:07:05Z')).toBe('2019-08-27T00:07:05.000Z');
  });

  it('takes a timestamp without a zone as UTC, with T or a space', () => {
    expect(utc('2019-08-27T00:07:05')).toBe('2019-08-27T00:07:05.000Z');
    expect(utc('2019-08-27 00:07:05')).toBe('2019-08-27T00:07:05.000Z');
  });

  it('moves across day, month and year boundaries when the offset says so', () => {
    expect(utc('2019-09-01T07:59:59+08:00')).toBe('2019-08-31T23:59:59.000Z');
    expect(utc('2019-09-01T08:00:00+08:00')).toBe('2019-09-01T00:00:00.000Z');
    expect(utc('2020-01-01T00:30:00+01:00')).toBe('2019-12-31T23:30:00.000Z');
    expect(utc('2019-12-31T23:30:00-01:00')).toBe('2020-01-01T00:30:00.000Z');
  });

  it('keeps milliseconds and microseconds, padding short fractions on the right', () => {
    expect(utc('2019-08-27T00:07:05.5Z')).toBe('2019-08-27T00:07:05.500Z');
    expect(utc('2019-08-27T00:07:05.04Z')).toBe('2019-08-27T00:07:05.040Z');
    expect(utc('2019-08-27T00:07:05.0415Z')).toBe('2019-08-27T00:07:05.041500Z');
    expect(utc('2019-08-27T00:07:05.123456 UTC')).toBe('2019-08-27T00:07:05.123456Z');
    expect(utc('2019-08-27T08:00:00.000001+08:00')).toBe('2019-08-27T00:00:00.000001Z');
    const precise = parseTimestamp('2019-08-27T00:07:05.123456Z');
    expect(precise.getTime()).toBe(Date.UTC(2019, 7, 27, 0, 7, 5, 123));
    expect(precise.microsecond).toBe(456);
    expect(JSON.stringify({ at: precise })).toBe('{"at":"2019-08-27T00:07:05.123456Z"}');
  });

  it('accepts 29 February in leap years only (divisible by 4, centuries only by 400)', () => {
    expect(utc('2020-02-29 00:00:00 UTC')).toBe('2020-02-29T00:00:00.000Z');
    expect(utc('2000-02-29 00:00:00 UTC')).toBe('2000-02-29T00:00:00.000Z');
    expect(reason('2019-02-29 00:00:00 UTC')).toBe('February 2019 has no day 29');
    expect(reason('1900-02-29 00:00:00 UTC')).toBe('February 1900 has no day 29');
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    expect(reason('2019-02-30 10:00:00 UTC')).toBe('February 2019 has no day 30');
    expect(reason('2019-04-31T10:00:00Z')).toBe('April 2019 has no day 31');
    expect(reason('2019-08-00T10:00:00Z')).toBe('August 2019 has no day 00');
    expect(reason('2019-13-01T10:00:00Z')).toBe('month 13 is not 01-12');
    expect(reason('2019-00-01T10:00:00Z')).toBe('month 00 is not 01-12');
    expect(reason('2019-08-12 25:00:00 UTC')).toBe('hour 25 is not 00-23');
    expect(reason('2019-08-12 24:00:00 UTC')).toBe('hour 24 is not 00-23');
    expect(reason('2019-08-12 23:60:00 UTC')).toBe('minute 60 is not 00-59');
    expect(reason('2019-08-12 23:59:60 UTC')).toBe('second 60 is not 00-59');
    expect(reason('0000-01-01T00:00:00Z')).toBe('year 0000 does not exist');
    expect(reason('2019-08-27T00:07:05+24:00')).toBe('offset +24:00 is out of range');
    expect(reason('2019-08-27T00:07:05+08:60')).toBe('offset +08:60 is out of range');
  });

  it('refuses more than microsecond precision rather than rounding it away', () => {
    expect(reason('2019-08-27T00:07:05.1234567Z')).toBe(
      '7 fractional digits: at most 6 (microseconds) are kept',
    );
  });

  it('refuses anything but the documented forms', () => {
    const form =
      'expected YYYY-MM-DD HH:MM:SS[.ffffff] followed by " UTC", "Z", an offset like +08:00, or nothing';
    for (const text of [
      '',
      '2019-8-27 00:07:05',
      '27/08/2019 00:07:05',
      '2019-08-27',
      '2019-08-27T00:07',
      '2019-08-27T00:07:05.Z',
      '2019-08-27T00:07:05 +08:00',
      '2019-08-27T00:07:05+0800',
      '2019-08-27T00:07:05+08',
      '2019-08-27 00:07:05 utc',
      '2019-08-27 00:07:05UTC',
      '2019-08-27 00:07:05 UTC ',
      ' 2019-08-27 00:07:05',
      '2019-08-27T00:07:05Zjunk',
      '2019-08-27X00:07:05',
    ]) {
      expect(reason(text), text).toBe(form);
    }
  });

  it('gives years before 100 their own number, not 19xx', () => {
    expect(utc('0099-03-01T00:00:00Z')).toBe('0099-03-01T00:00:00.000Z');
  });
});

describe('Timestamp', () => {
  it('is a Date whose ISO text equals Date.prototype.toISOString without microseconds', () => {
    const instants = [
      0,
      -1,
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(2019, 7, 27, 0, 7, 5, 41),
      Date.UTC(2019, 7, 27, 23, 59, 59, 999),
      Date.UTC(2019, 7, 28, 0, 0, 0, 0),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 0, 1, 12),
    ];
    for (const instant of instants) {
      const timestamp = new Timestamp(instant);
      expect(timestamp).toBeInstanceOf(Date);
      expect(timestamp.toISOString(), String(instant)).toBe(new Date(instant).toISOString());
    }
  });

  it('writes microseconds as three more digits', () => {
    expect(new Timestamp(Date.UTC(2019, 7, 27, 0, 7, 5, 41), 7).toISOString()).toBe(
      '2019-08-27T00:07:05.041007Z',
    );
  });
});
