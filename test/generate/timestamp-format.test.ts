import { describe, expect, it } from 'vitest';
import { csvTimestamp, LogTimestampFormat } from '../../src/generate/timestamp-format.js';

const seconds = (...parts: [number, number, number, number?, number?, number?]) => Date.UTC(...parts) / 1000;

describe('log timestamps', () => {
  it('writes whole seconds as the real log does', () => {
    const format = new LogTimestampFormat();
    expect(format.format(seconds(2019, 7, 27, 0, 7, 5))).toBe('2019-08-27T00:07:05+00:00');
    expect(format.format(seconds(2019, 7, 27, 23, 59, 59))).toBe('2019-08-27T23:59:59+00:00');
    expect(format.format(seconds(2019, 7, 27, 12, 0, 0))).toBe('2019-08-27T12:00:00+00:00');
  });

  it('follows the date across midnight, a leap day and back again', () => {
    const format = new LogTimestampFormat();
    expect(format.format(seconds(2020, 1, 28, 23, 59, 59))).toBe('2020-02-28T23:59:59+00:00');
    expect(format.format(seconds(2020, 1, 29, 0, 0, 0))).toBe('2020-02-29T00:00:00+00:00');
    expect(format.format(seconds(2020, 2, 1, 0, 0, 1))).toBe('2020-03-01T00:00:01+00:00');
    // The cached date must not leak into an earlier day.
    expect(format.format(seconds(2020, 1, 28, 10, 30, 0))).toBe('2020-02-28T10:30:00+00:00');
  });

  it('agrees with Date on every second of a day', () => {
    const format = new LogTimestampFormat();
    const day = seconds(2019, 7, 26);
    for (let second = day; second < day + 86_400; second += 7) {
      const expected = new Date(second * 1000).toISOString().replace('.000Z', '+00:00');
      expect(format.format(second)).toBe(expected);
    }
  });
});

describe('CSV timestamps', () => {
  it('writes milliseconds and the UTC suffix as the real CSV files do', () => {
    expect(csvTimestamp(Date.UTC(2019, 7, 18, 11, 4, 10, 41))).toBe('2019-08-18 11:04:10.041 UTC');
    expect(csvTimestamp(Date.UTC(2019, 0, 1, 0, 0, 0, 0))).toBe('2019-01-01 00:00:00.000 UTC');
  });
});
