import { html } from 'hono/html';
import type { Html } from './html.js';

/**
 * An ISO 8601 UTC instant as people read it: a space for the T, no Z, and the fraction only when there is
 * one (2019-08-26 17:25:19, 2019-08-26 17:25:19.999999, 0000-12-31 16:00:00 in 1 BC).
 */
function readableUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/(?:\.000)?Z$/, '');
}

/** A UTC instant as people read it, e.g. 2019-08-26 17:25:19 UTC, inside a machine-readable <time>. */
export function utcTime(value: Date | string | null | undefined): Html | string {
  if (value === null || value === undefined) return 'never';
  const date = value instanceof Date ? value : new Date(value);
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${readableUtc(iso)} UTC</time>`;
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

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock reading of an instant in a zone, YYYY-MM-DD HH:MM:SS, with the instant's fraction of a
 * second when it has one (offsets are whole seconds) and ISO 8601 years (0000 is 1 BC, as in the data).
 */
export function wallClock(date: Date, timeZone: string): string {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(date).map((item) => [item.type, item.value]));
  const year = part.era === 'BC' ? 1 - Number(part.year) : Number(part.year);
  const isoYear =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  const fraction = /(\.\d+)Z$/.exec(date.toISOString())?.[1] ?? '';
  return `${isoYear}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}${fraction === '.000' ? '' : fraction}`;
}

/** An instant on the reporting zone's clock, with its UTC reading in the markup and on hover. */
export function localTime(date: Date, timeZone: string): Html {
  const iso = date.toISOString();
  return html`<time datetime="${iso}" title="${readableUtc(iso)} UTC">${wallClock(date, timeZone)}</time>`;
}

/** A span of seconds as people say it: 95 s -> 1 min 35 s. */
export function duration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
