import { z } from 'zod';
import { isTimeZone } from '../config/time-zone.js';
import { parseIsoInstant, postgresTimestampText } from '../db/timestamp.js';

/**
 * Report parameters, validated once at the edge (CLI flags, HTTP query) by the same schemas. Every
 * schema accepts strings as they come from a command line or a query string, treats an empty string as
 * "not given", and yields typed values the report functions take as they are.
 */

export const defaultTimeZone = 'Asia/Singapore';
export const defaultSessionGap = 300;
/** A week: longer gaps make every user one session and only slow the query down. */
export const maxSessionGap = 7 * 86_400;
/** The most rows one page of a listing returns. */
export const maxPageSize = 1000;
export const maxOffset = 1_000_000_000;

const notGiven = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An IANA zone name, returned in its canonical spelling so equal zones compare equal. */
export const timeZoneParam = z.preprocess(
  notGiven,
  z
    .string()
    .trim()
    .default(defaultTimeZone)
    // Offsets like +08:00 are refused: PostgreSQL reads POSIX offsets with the opposite sign.
    .refine((name) => /^[A-Za-z]/.test(name) && isTimeZone(name), {
      error: (issue) =>
        `unknown time zone "${String(issue.input)}": use an IANA name like Asia/Singapore or UTC`,
    })
    .transform((name) => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone),
);

/**
 * A moment on the reporting zone's wall clock as given, and the span it stands for: a date covers its
 * whole day, a minute its sixty seconds, a second itself. So `--to 2019-08-18` means through the end of
 * that day, and ranges built from moments are half-open: [from.start, to.end).
 */
export interface LocalMoment {
  /** As given, normalized: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`. */
  readonly text: string;
  /** The first instant it covers on the local clock: `YYYY-MM-DD HH:MM:SS`. */
  readonly start: string;
  /** The first local instant after it: `YYYY-MM-DD HH:MM:SS`. */
  readonly end: string;
}

const localMomentPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const offsetSuffix = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Wall-clock arithmetic on a zone-less calendar; the database turns wall clock into instants. */
function wallClockText(time: number): string {
  const at = new Date(time);
  return (
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`
  );
}

/** Parses a local date or date-time; returns a message when the text is not one. */
export function parseLocalMoment(text: string, dateOnly = false): LocalMoment | string {
  const expected = dateOnly
    ? 'expected a date YYYY-MM-DD'
    : 'expected a date YYYY-MM-DD or a local date and time YYYY-MM-DDTHH:MM[:SS]';
  const match = localMomentPattern.exec(text);
  if (!match) {
    if (!dateOnly && offsetSuffix.test(text) && /\d[T ]\d/.test(text)) {
      return `"${text}" has a UTC offset: give the wall-clock time in the reporting time zone (tz) instead`;
    }
    return `${expected}, got "${text}"`;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const hasTime = match[4] !== undefined;
  if (dateOnly && hasTime) return `${expected}, got "${text}"`;
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  calendar.setUTCHours(hour, minute, second, 0);
  if (
    year < 1 ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return `"${text}" is not a real date and time`;
  }
  const unitMs = !hasTime ? 86_400_000 : match[6] === undefined ? 60_000 : 1000;
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  const normalized = !hasTime
    ? date
    : `${date}T${pad(hour)}:${pad(minute)}${match[6] === undefined ? '' : `:${pad(second)}`}`;
  return {
    text: normalized,
    start: wallClockText(calendar.getTime()),
    end: wallClockText(calendar.getTime() + unitMs),
  };
}

function localMomentSchema(dateOnly: boolean) {
  return z.preprocess(
    notGiven,
    z
      .string()
      .trim()
      .transform((text, context): LocalMoment => {
        const parsed = parseLocalMoment(text, dateOnly);
        if (typeof parsed === 'string') {
          context.issues.push({ code: 'custom', message: parsed, input: text });
          return z.NEVER;
        }
        return parsed;
      })
      .optional(),
  );
}

/** An optional local date or date-time in the reporting zone. */
export const localMomentParam = localMomentSchema(false);
/** An optional local date in the reporting zone. */
export const localDateParam = localMomentSchema(true);

const wholeNumberText = /^[+-]?\d+$/;

/** Strings of digits become numbers; anything else reaches the number schema as it is, and fails there. */
const numberFromText = (value: unknown): unknown =>
  typeof value === 'string' && wholeNumberText.test(value.trim()) ? Number(value.trim()) : value;

function integerParam(min: number, max: number) {
  return z.preprocess(
    numberFromText,
    z
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
}

const int8Min = -(2n ** 63n);
const int8Max = 2n ** 63n - 1n;
const idError = `expected a whole number from ${int8Min} to ${int8Max}`;

/**
 * A campaign id: any value the bigint column holds, so every id that loads can be asked for. A number
 * when a double holds it exactly, a bigint beyond, as the database's ids come back (db/database.ts).
 */
export const idParam = z.preprocess(
  notGiven,
  z
    .union([z.string(), z.number(), z.bigint()], { error: idError })
    .transform((given, context): number | bigint => {
      const text = String(given).trim();
      if (!/^[+-]?\d+$/.test(text)) {
        context.issues.push({ code: 'custom', message: idError, input: given });
        return z.NEVER;
      }
      const exact = BigInt(text);
      if (exact < int8Min || exact > int8Max) {
        context.issues.push({ code: 'custom', message: idError, input: given });
        return z.NEVER;
      }
      const value = Number(exact);
      return Number.isSafeInteger(value) ? value : exact;
    })
    .optional(),
);

export const sessionGapParam = z.preprocess(
  notGiven,
  integerParam(1, maxSessionGap).default(defaultSessionGap),
);

/** A user id: any that loads (a non-empty token of the log, without white space), however long. */
export const userIdParam = z.string().trim().min(1, 'expected a user id');

/**
 * An exact instant, ISO 8601 with `Z` or an offset, as every output writes session_start (any year:
 * 0000, -000001, +010000), given to the database as PostgreSQL's own text for it, microseconds kept.
 */
export const instantParam = z
  .string()
  .trim()
  .transform((text, context) => {
    const instant = parseIsoInstant(text);
    if (instant) return postgresTimestampText(instant);
    context.addIssue({ code: 'custom', message: 'expected an ISO 8601 timestamp with Z or an offset' });
    return z.NEVER;
  });

const booleanText: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

const booleanParam = z.preprocess(
  (value) => {
    const given = notGiven(value);
    return typeof given === 'string' ? (booleanText[given.trim().toLowerCase()] ?? given) : given;
  },
  z.boolean({ error: 'expected true or false' }).default(false),
);

interface RangeParams {
  from?: LocalMoment | undefined;
  to?: LocalMoment | undefined;
}

/** `from` must not be later than `to`: the range [from.start, to.end) must hold at least an instant. */
export function checkRange(params: RangeParams, context: z.RefinementCtx): void {
  if (params.from && params.to && params.from.start >= params.to.end) {
    context.addIssue({
      code: 'custom',
      path: ['from'],
      message: `${params.from.text} is later than to (${params.to.text})`,
    });
  }
}

export const weekStarts = ['monday', 'sunday'] as const;
export type WeekStart = (typeof weekStarts)[number];

/** Columns a session listing sorts by; a leading `-` sorts descending. Array columns sort by length. */
export const sessionSortKeys = [
  'user_id',
  'session_start',
  'session_end',
  'duration',
  'campaigns',
  'rewards_issued',
  'reward_driven_by_campaign_view',
  'driven_rewards',
] as const;
export const sessionSorts = [
  ...sessionSortKeys,
  ...sessionSortKeys.map((key) => `-${key}` as const),
] as const;
export type SessionSort = (typeof sessionSorts)[number];

export const engagementParamsSchema = z
  .object({
    tz: timeZoneParam,
    from: localMomentParam,
    to: localMomentParam,
    campaign: idParam,
  })
  .superRefine(checkRange);

export const weeklyParamsSchema = z
  .object({
    tz: timeZoneParam,
    from: localDateParam,
    to: localDateParam,
    weekStart: z.preprocess(
      (value) => (typeof value === 'string' ? notGiven(value.toLowerCase()) : value),
      z.enum(weekStarts, { error: 'expected monday or sunday' }).default('monday'),
    ),
  })
  .superRefine(checkRange);

export const sessionParamsSchema = z
  .object({
    tz: timeZoneParam,
    from: localMomentParam,
    to: localMomentParam,
    gap: sessionGapParam,
    user: z.preprocess(notGiven, userIdParam.optional()),
    /** Sessions with a view of this campaign; with driven, those where its view drove an issue. */
    campaign: idParam,
    /** Sessions that issued this reward; with driven, those where a campaign view drove its issue. */
    reward: idParam,
    driven: booleanParam,
    sort: z.preprocess(
      notGiven,
      z.enum(sessionSorts, { error: `expected one of ${sessionSorts.join(', ')}` }).default('user_id'),
    ),
    limit: z.preprocess(notGiven, integerParam(1, maxPageSize).optional()),
    offset: z.preprocess(notGiven, integerParam(0, maxOffset).default(0)),
  })
  .superRefine(checkRange);

export const sessionTimelineParamsSchema = z.object({
  user: userIdParam,
  start: instantParam,
  gap: sessionGapParam,
});

export const campaignParamsSchema = z
  .object({
    tz: timeZoneParam,
    from: localMomentParam,
    to: localMomentParam,
    gap: sessionGapParam,
  })
  .superRefine(checkRange);

export type EngagementParams = z.output<typeof engagementParamsSchema>;
export type WeeklyParams = z.output<typeof weeklyParamsSchema>;
export type SessionParams = z.output<typeof sessionParamsSchema>;
export type SessionTimelineParams = z.output<typeof sessionTimelineParamsSchema>;
export type CampaignParams = z.output<typeof campaignParamsSchema>;

export type EngagementParamsInput = z.input<typeof engagementParamsSchema>;
export type WeeklyParamsInput = z.input<typeof weeklyParamsSchema>;
export type SessionParamsInput = z.input<typeof sessionParamsSchema>;
export type SessionTimelineParamsInput = z.input<typeof sessionTimelineParamsSchema>;
export type CampaignParamsInput = z.input<typeof campaignParamsSchema>;
