/**
 * A Date that also keeps microseconds, the precision of timestamptz. It is a Date everywhere one is
 * expected; toISOString() (and so JSON, CSV and every other output) writes the microseconds when there
 * are any, and years as ISO 8601 does: 0000 is 1 BC, and years before it or after 9999 take the expanded
 * form with a sign and six digits (-000001 is 2 BC, +010000), as Date's own toISOString writes them.
 */
export class Timestamp extends Date {
  /** Microseconds past the millisecond, 0-999. */
  readonly microsecond: number;

  constructor(epochMilliseconds: number, microsecond = 0) {
    super(epochMilliseconds);
    this.microsecond = microsecond;
  }

  /** Date's own form (2019-08-27T00:07:05.000Z), with three more digits when there are microseconds. */
  override toISOString(): string {
    const iso = formatUtc(this.getTime());
    return this.microsecond === 0 ? iso : `${iso.slice(0, -1)}${String(this.microsecond).padStart(3, '0')}Z`;
  }

  /** Microseconds since 1970-01-01T00:00:00Z, exact. */
  get epochMicroseconds(): bigint {
    return BigInt(this.getTime()) * 1000n + BigInt(this.microsecond);
  }
}

const millisecondsPerDay = 86_400_000;
const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const threeDigits = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));
let cachedDay = Number.NaN;
let cachedDate = '';

/**
 * Date.prototype.toISOString, faster: a log of millions of lines spans few days, so the date part is
 * formatted once per day and the time of day comes from tables of digits.
 */
function formatUtc(epochMilliseconds: number): string {
  const day = Math.floor(epochMilliseconds / millisecondsPerDay);
  if (day !== cachedDay) {
    const iso = new Date(day * millisecondsPerDay).toISOString();
    // Years beyond 0000-9999 take Date's own extended form.
    if (iso.length !== 24) return new Date(epochMilliseconds).toISOString();
    cachedDay = day;
    cachedDate = iso.slice(0, 11);
  }
  let rest = epochMilliseconds - day * millisecondsPerDay;
  const millisecond = rest % 1000;
  rest = (rest - millisecond) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedDate}${twoDigits[hour]}:${twoDigits[minute]}:${twoDigits[second]}.${threeDigits[millisecond]}Z`;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * An instant as PostgreSQL's own text for a timestamptz, `YYYY-MM-DD HH:MM:SS.ffffff+00`, with ` BC`
 * after years before 1 AD (PostgreSQL has no year 0, and refuses ISO 8601's 0000 and negative years) and
 * as many digits as a year after 9999 needs. It reads the same on every server, whatever its TimeZone or
 * DateStyle, and every Date a JavaScript program can hold is a timestamptz PostgreSQL can hold.
 */
export function postgresTimestampText(value: Date): string {
  const year = value.getUTCFullYear();
  const microsecond = value instanceof Timestamp ? value.microsecond : 0;
  const fraction = value.getUTCMilliseconds() * 1000 + microsecond;
  const era = year <= 0 ? ' BC' : '';
  return (
    `${pad(year <= 0 ? 1 - year : year, 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ` +
    `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}` +
    `.${pad(fraction, 6)}+00${era}`
  );
}

/** timestamptz as PostgreSQL writes it with DateStyle ISO: 2019-08-27 00:07:05.123456+00, 0001-12-31 16:00:00+00 BC. */
const postgresTimestampPattern =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/;

/**
 * Reads a timestamptz as PostgreSQL writes it (DateStyle ISO, any TimeZone) into a Timestamp, exact to
 * the microsecond, BC years included. The text comes back unchanged when no Date can hold the instant
 * (infinity, and years after 275760, which PostgreSQL reaches and JavaScript does not).
 */
export function parsePostgresTimestamp(text: string): Timestamp | string {
  const match = postgresTimestampPattern.exec(text);
  if (!match) return text;
  const [
    ,
    yearText,
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    sign,
    offsetHours,
    offsetMinutes,
    offsetSeconds,
    bc,
  ] = match;
  const year = bc ? 1 - Number(yearText) : Number(yearText);
  const micros = Number((fraction ?? '').padEnd(6, '0'));
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(year, Number(month) - 1, Number(day));
  wallClock.setUTCHours(Number(hour), Number(minute), Number(second), Math.floor(micros / 1000));
  const offsetMs =
    (sign === '-' ? -1 : 1) *
    (Number(offsetHours ?? 0) * 3_600_000 +
      Number(offsetMinutes ?? 0) * 60_000 +
      Number(offsetSeconds ?? 0) * 1000);
  const epochMilliseconds = wallClock.getTime() - offsetMs;
  if (Number.isNaN(epochMilliseconds) || Math.abs(epochMilliseconds) > 8.64e15) return text;
  return new Timestamp(epochMilliseconds, micros % 1000);
}

/**
 * ISO 8601 as toISOString writes it, any year: 2019-08-27T00:07:05.000123Z, -000001-…, +010000-…, and
 * offsets, with seconds as perx writes a local mean time's (+06:55:25).
 */
const isoInstantPattern =
  /^([+-]\d{6}|\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(?:(Z)|([+-])(\d\d):(\d\d)(?::(\d\d))?)$/;

/**
 * Reads an ISO 8601 instant with a zone, exact to the microsecond, in any year a Date holds, including
 * those toISOString writes in the expanded form (0000 is 1 BC, -000001 is 2 BC, +010000). Undefined for
 * anything else, and for dates and times that do not exist (02-30, 24:00, -000000).
 */
export function parseIsoInstant(text: string): Timestamp | undefined {
  const match = isoInstantPattern.exec(text);
  if (!match) return undefined;
  const [, yearText = '', month, day, hour, minute, second, fraction, utc, sign, offsetHours, offsetMinutes] =
    match;
  const offsetSeconds = match[12];
  if (yearText === '-000000') return undefined;
  const year = Number(yearText);
  const micros = Number((fraction ?? '').padEnd(6, '0'));
  const fields = [Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0)] as const;
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(year, fields[0], fields[1]);
  wallClock.setUTCHours(fields[2], fields[3], fields[4], Math.floor(micros / 1000));
  // Date rolls 02-30 over to 03-02; a date that does not exist reads back differently.
  if (
    wallClock.getUTCFullYear() !== year ||
    wallClock.getUTCMonth() !== fields[0] ||
    wallClock.getUTCDate() !== fields[1] ||
    wallClock.getUTCHours() !== fields[2] ||
    wallClock.getUTCMinutes() !== fields[3] ||
    wallClock.getUTCSeconds() !== fields[4]
  ) {
    return undefined;
  }
  if (!utc && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59 || Number(offsetSeconds ?? 0) > 59)) {
    return undefined;
  }
  const offsetMs = utc
    ? 0
    : (sign === '-' ? -1 : 1) *
      (Number(offsetHours) * 3_600_000 + Number(offsetMinutes) * 60_000 + Number(offsetSeconds ?? 0) * 1000);
  const epochMilliseconds = wallClock.getTime() - offsetMs;
  if (Number.isNaN(epochMilliseconds) || Math.abs(epochMilliseconds) > 8.64e15) return undefined;
  return new Timestamp(epochMilliseconds, micros % 1000);
}
