/**
 * Turns progress through the log (the share of requests written so far) into a time, so that the busy
 * hours of the day get more requests than the small hours. Traffic follows Singapore's day (UTC+8),
 * where Perx's users are, and is a little higher at weekends.
 */

// Relative traffic per local hour of the day, midnight first.
const hourlyTraffic = [
  0.3, 0.2, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1, 1, 1.1, 1.4, 1.3, 1, 1, 1, 1.1, 1.3, 1.5, 1.6, 1.4, 1, 0.6,
];
const weekendFactor = 1.2;
const localOffsetSeconds = 8 * 3600;

export class ActivityClock {
  /** cumulative[k] is the share of all traffic that falls before hour k of the log. */
  private readonly cumulative: Float64Array;
  private hour = 0;

  constructor(
    private readonly startSeconds: number,
    private readonly endSeconds: number,
  ) {
    const hours = Math.ceil((endSeconds - startSeconds) / 3600);
    this.cumulative = new Float64Array(hours + 1);
    let total = 0;
    for (let hour = 0; hour < hours; hour++) {
      this.cumulative[hour] = total;
      const local = startSeconds + hour * 3600 + localOffsetSeconds;
      const localHour = modulo(Math.floor(local / 3600), 24);
      // 1970-01-01 was a Thursday, so day 2 and day 3 of the epoch's week are Saturday and Sunday.
      const weekday = modulo(Math.floor(local / 86_400), 7);
      total += (hourlyTraffic[localHour] as number) * (weekday === 2 || weekday === 3 ? weekendFactor : 1);
    }
    this.cumulative[hours] = total;
    for (let hour = 0; hour <= hours; hour++)
      this.cumulative[hour] = (this.cumulative[hour] as number) / total;
  }

  /**
   * The epoch second at which this share of the traffic has passed. Progress only grows, so the search
   * for its hour resumes where the previous call stopped.
   */
  timeAt(progress: number): number {
    const cumulative = this.cumulative;
    const lastHour = cumulative.length - 2;
    if (progress < (cumulative[this.hour] as number)) this.hour = 0;
    while (this.hour < lastHour && progress >= (cumulative[this.hour + 1] as number)) this.hour++;
    const from = cumulative[this.hour] as number;
    const to = cumulative[this.hour + 1] as number;
    const time = this.startSeconds + 3600 * (this.hour + (progress - from) / (to - from));
    return Math.min(Math.floor(time), this.endSeconds - 1);
  }
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
