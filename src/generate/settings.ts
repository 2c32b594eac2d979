/** What one generated data set is made of; every file is a function of these and nothing else. */
export interface GenerateSettings {
  /** Distinct users in the log: exactly this many appear. */
  readonly users: number;
  /** Lines in the log, exactly. */
  readonly requests: number;
  readonly campaigns: number;
  readonly seed: number;
  /** First second of the log, in epoch seconds. */
  readonly startSeconds: number;
  /** Length of the log in days: every request falls in [start, start + days). */
  readonly days: number;
}

export const secondsPerDay = 86_400;
const secondsPerWeek = 7 * secondsPerDay;

export function logEndSeconds(settings: GenerateSettings): number {
  return settings.startSeconds + settings.days * secondsPerDay;
}

/** Enough transactions for weekly figures to mean something, in proportion to the traffic. */
export function transactionCount(settings: GenerateSettings): number {
  return Math.max(20, Math.ceil(settings.requests / 50));
}

/**
 * Transactions run from four weeks before the log's first Monday to the log's end, with one week in
 * between that has none, so weekly reports meet an empty week. The empty stretch reaches a day past the
 * week on both sides: a week is empty in every time zone, not only in UTC.
 */
export interface TransactionWindow {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly gapFromSeconds: number;
  readonly gapToSeconds: number;
}

export function transactionWindow(settings: GenerateSettings): TransactionWindow {
  const startDay = Math.floor(settings.startSeconds / secondsPerDay);
  // 1970-01-01 was a Thursday: day 4 of the week counted from Monday is day 0 of the epoch.
  const monday = (startDay - ((((startDay + 3) % 7) + 7) % 7)) * secondsPerDay;
  const emptyWeek = monday - 3 * secondsPerWeek;
  return {
    fromSeconds: monday - 4 * secondsPerWeek,
    toSeconds: logEndSeconds(settings),
    gapFromSeconds: emptyWeek - secondsPerDay,
    gapToSeconds: emptyWeek + secondsPerWeek + secondsPerDay,
  };
}
