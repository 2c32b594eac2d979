/**
 * The two timestamp forms of the Perx files, written the way the real files write them:
 * the log's `2019-08-27T00:07:05+00:00` and the CSVs' `2019-08-18 11:04:10.041 UTC`.
 */

const secondsPerDay = 86_400;
const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));

/**
 * Formats whole epoch seconds as the log does. A log of millions of lines would spend most of its time in
 * Date formatting, so only the date part goes through Date, once per day; the time of day comes from a
 * table of two-digit strings.
 */
export class LogTimestampFormat {
  private cachedDay = Number.NaN;
  private cachedDate = '';

  format(epochSeconds: number): string {
    const day = Math.floor(epochSeconds / secondsPerDay);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedDate = new Date(day * secondsPerDay * 1000).toISOString().slice(0, 11);
    }
    const secondOfDay = epochSeconds - day * secondsPerDay;
    const hour = Math.floor(secondOfDay / 3600);
    const minute = Math.floor((secondOfDay % 3600) / 60);
    return `${this.cachedDate}${twoDigits[hour]}:${twoDigits[minute]}:${twoDigits[secondOfDay % 60]}+00:00`;
  }
}

/** Formats epoch milliseconds as the CSV files do: `YYYY-MM-DD HH:MM:SS.fff UTC`. */
export function csvTimestamp(epochMilliseconds: number): string {
  const iso = new Date(epochMilliseconds).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
