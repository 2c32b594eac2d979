import { Timestamp } from '../../db/timestamp.js';
import { FieldError } from './field-error.js';

export { Timestamp } from '../../db/timestamp.js';

/**
 * The forms the Perx files use, and nothing looser:
 *
 *     2019-08-09 12:04:10.041 UTC      date, space, time, fraction, " UTC"
 *     2019-08-27T00:07:05+00:00        ISO 8601 with an offset (+08:00, -05:30) or Z
 *     2019-08-27T00:07:05              no zone: UTC
 *
 * The date and time are separated by "T" or one space; the fraction has 1 to 6 digits.
 */
const expectedForm =
  'expected YYYY-MM-DD HH:MM:SS[.ffffff] followed by " UTC", "Z", an offset like +08:00, or nothing';

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `count` digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Parses one timestamp, or throws a FieldError saying what is wrong with it. Impossible dates and times
 * (2019-02-30, 25:00, second 60) are refused rather than rolled over, as Date.UTC would. Read character
 * by character: it runs once per log line.
 */
export function parseTimestamp(text: string): Timestamp {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const separator = text[10];
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    (separator !== 'T' && separator !== ' ') ||
    text[13] !== ':' ||
    text[16] !== ':'
  ) {
    throw new FieldError(expectedForm);
  }

  let position = 19;
  let fractionDigits = 0;
  let microseconds = 0;
  if (text[position] === '.') {
    position++;
    for (
      let digit = text.charCodeAt(position) - 48;
      digit >= 0 && digit <= 9;
      digit = text.charCodeAt(position) - 48
    ) {
      if (fractionDigits < 6) microseconds = microseconds * 10 + digit;
      fractionDigits++;
      position++;
    }
    if (fractionDigits === 0) throw new FieldError(expectedForm);
    if (fractionDigits > 6) {
      throw new FieldError(`${fractionDigits} fractional digits: at most 6 (microseconds) are kept`);
    }
    microseconds *= 10 ** (6 - fractionDigits);
  }

  let offsetMinutes = 0;
  const zone = text.slice(position);
  if (zone !== '' && zone !== ' UTC' && zone !== 'Z') {
    const sign = zone[0];
    const offsetHours = digitsAt(zone, 1, 2);
    const offsetMinute = digitsAt(zone, 4, 2);
    if (
      (sign !== '+' && sign !== '-') ||
      zone.length !== 6 ||
      zone[3] !== ':' ||
      offsetHours < 0 ||
      offsetMinute < 0
    ) {
      throw new FieldError(expectedForm);
    }
    if (offsetHours > 23 || offsetMinute > 59) throw new FieldError(`offset ${zone} is out of range`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinute);
  }

  if (year === 0) throw new FieldError('year 0000 does not exist');
  if (month < 1 || month > 12) throw new FieldError(`month ${two(month)} is not 01-12`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new FieldError(`${monthNames[month - 1]} ${year} has no day ${two(day)}`);
  }
  if (hour > 23) throw new FieldError(`hour ${two(hour)} is not 00-23`);
  if (minute > 59) throw new FieldError(`minute ${two(minute)} is not 00-59`);
  if (second > 59) throw new FieldError(`second ${two(second)} is not 00-59`);

  const millisecond = Math.floor(microseconds / 1000);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  let local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (year < 100) local = new Date(local).setUTCFullYear(year);
  return new Timestamp(local - offsetMinutes * 60_000, microseconds % 1000);
}
