import { html } from 'hono/html';
import { isoInZone, zonedTime } from '../../output/index.js';
import type { Html } from './html.js';

/**
 * An instant as a page shows it: the zone's clock, with the offset in force there at that instant, and
 * the fraction of a second only when there is one: 2019-08-27 08:56:45 +08:00,
 * 2019-11-03 01:30:00 -05:00, 2019-08-27 00:56:45.123456 UTC; years as ISO 8601 writes them (0000 is
 * 1 BC, +010000). The same reading as the downloads' 2019-08-27T08:56:45+08:00, with a space for the T.
 */
export function readableTime(instant: Date, timeZone: string): string {
  const { date, time, fraction, offset } = zonedTime(instant, timeZone);
  return `${date} ${time}${fraction} ${offset === 'Z' ? 'UTC' : offset}`;
}

/**
 * An instant on the zone's clock inside a machine-readable <time> (ISO 8601 with the offset), its UTC
 * reading on hover, so the instant itself is never more than a glance away.
 */
export function localTime(instant: Date, timeZone: string): Html {
  const iso = isoInZone(instant, timeZone);
  const utc = readableTime(instant, 'UTC');
  return html`<time datetime="${iso}" title="${utc}">${readableTime(instant, timeZone)}</time>`;
}

const integerFormat = new Intl.NumberFormat('en-US');
export function integer(value: number): string {
  return integerFormat.format(value);
}

/** A ratio 0..1 as a percentage with two decimals. */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(2)}%`;
}

/** A percentage already scaled to 0..100, with its sign, as the weekly report gives it. */
export function signedPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
}

/** A span of seconds as people say it: 95 s -> 1 min 35 s. */
export function duration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
