import { isUtcZone, offsetText, zoneOffsetSeconds } from '../config/time-zone.js';
import { Timestamp } from '../db/timestamp.js';

/** An instant read on a zone's clock, in pieces a page or a file puts together its own way. */
export interface ZonedTime {
  /** The local date, ISO 8601 years: 2019-08-27, 0000-12-31 (1 BC), +010000-01-01. */
  date: string;
  /** The local time of day, 08:56:45. */
  time: string;
  /** The fraction of a second, empty when there is none: .123, or .123456 with microseconds. */
  fraction: string;
  /** Z for the UTC zone, else the zone's offset at that instant: +08:00, -04:00, +00:00. */
  offset: string;
}

const millisecondsPerDay = 86_400_000;
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The proleptic Gregorian date of a day since 1970-01-01, any year (Howard Hinnant's civil_from_days). */
function civilDate(day: number): string {
  const shifted = day + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const isoYear =
    year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
  return `${isoYear}-${pad(month)}-${pad(dayOfMonth)}`;
}

// A report's instants span few days: the date is worked out once per day.
let cachedDay = Number.NaN;
let cachedDate = '';
/** Offsets as text, by their seconds: a zone has few. */
const offsetTexts = new Map<number, string>();

function offsetOf(offsetSeconds: number, timeZone: string): string {
  if (offsetSeconds === 0 && isUtcZone(timeZone)) return 'Z';
  let text = offsetTexts.get(offsetSeconds);
  if (text === undefined) {
    text = offsetText(offsetSeconds);
    offsetTexts.set(offsetSeconds, text);
  }
  return text;
}

/**
 * An instant on the clock of `timeZone` with the offset in force there at that instant (DST aware, by
 * Node's tz rules, see config/time-zone.ts). The local reading can pass the last instant a Date holds
 * (+275760-09-13 in UTC is later on a clock east of it), so it is worked out in plain arithmetic.
 */
export function zonedTime(instant: Date, timeZone: string): ZonedTime {
  const epochMilliseconds = instant.getTime();
  const offsetSeconds = zoneOffsetSeconds(timeZone, epochMilliseconds);
  const local = epochMilliseconds + offsetSeconds * 1000;
  const day = Math.floor(local / millisecondsPerDay);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = civilDate(day);
  }
  let rest = local - day * millisecondsPerDay;
  const millisecond = rest % 1000;
  rest = (rest - millisecond) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  const microsecond = instant instanceof Timestamp ? instant.microsecond : 0;
  return {
    date: cachedDate,
    time: `${pad(hour)}:${pad(minute)}:${pad(second)}`,
    fraction:
      microsecond !== 0
        ? `.${pad(millisecond, 3)}${pad(microsecond, 3)}`
        : millisecond !== 0
          ? `.${pad(millisecond, 3)}`
          : '',
    offset: offsetOf(offsetSeconds, timeZone),
  };
}

/**
 * An instant as every file and the CLI write it: ISO 8601 on the zone's clock with its offset,
 * 2019-08-27T08:56:45+08:00, 2019-11-03T01:30:00-05:00, 2019-08-27T00:56:45Z in UTC; the fraction only
 * when there is one, to the microsecond.
 */
export function isoInZone(instant: Date, timeZone: string): string {
  const { date, time, fraction, offset } = zonedTime(instant, timeZone);
  return `${date}T${time}${fraction}${offset}`;
}
