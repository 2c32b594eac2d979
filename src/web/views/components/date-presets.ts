import { html } from 'hono/html';
import type { Html } from '../html.js';
import { queryString } from './downloads.js';

/** A named range of local dates; no bounds is every date. */
export interface DatePreset {
  label: string;
  from?: string;
  to?: string;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

/** `date` moved by `days` days, as YYYY-MM-DD (calendar arithmetic: no zone, no daylight saving). */
function addDays(date: string, days: number): string {
  const [, year, month, day] = isoDate.exec(date) ?? [];
  const moved = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) + days * dayMs);
  return moved.toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Ranges an analyst reaches for, anchored on the data rather than today (a loaded log can be years old):
 * its last day, its last 7 days, the week holding its last day (from Monday, or Sunday where weeks
 * start then), and everything; by weeks (a page that counts whole weeks), the last week and the last 4.
 * Only "all" when the span is unknown or outside years 1000-9999.
 */
export function datePresets(
  lastDate: string | null,
  options: { weekStart?: 'monday' | 'sunday'; byWeek?: boolean } = {},
): DatePreset[] {
  const all: DatePreset = { label: 'All data' };
  if (lastDate === null || !isoDate.test(lastDate) || lastDate < '1000-02-01') return [all];
  const sinceWeekStart = (weekday(lastDate) - (options.weekStart === 'sunday' ? 0 : 1) + 7) % 7;
  const weekFrom = addDays(lastDate, -sinceWeekStart);
  const lastWeek = { label: 'Last week of data', from: weekFrom, to: addDays(weekFrom, 6) };
  if (options.byWeek) {
    return [lastWeek, { label: 'Last 4 weeks of data', from: addDays(weekFrom, -21), to: lastWeek.to }, all];
  }
  return [
    { label: 'Last day of data', from: lastDate, to: lastDate },
    { label: 'Last 7 days of data', from: addDays(lastDate, -6), to: lastDate },
    lastWeek,
    all,
  ];
}

/**
 * The presets as links to this page with only its dates changed (back to its first page), the range in
 * force marked: plain links, so they work without script and can be shared.
 */
export function datePresetLinks(props: {
  action: string;
  query: Record<string, string>;
  presets: readonly DatePreset[];
}): Html {
  const { query } = props;
  // Without data there is nothing to anchor a range on.
  if (props.presets.length < 2) return html``;
  const inForce = (preset: DatePreset) =>
    (query.from ?? '') === (preset.from ?? '') && (query.to ?? '') === (preset.to ?? '');
  return html`<nav class="date-presets" aria-label="Date ranges">
    <span class="muted">Dates:</span>
    ${props.presets.map(
      (preset) =>
        html`<a
          href="${props.action}${queryString({ ...query, from: preset.from, to: preset.to, offset: undefined })}"
          ${inForce(preset) ? html`aria-current="true"` : ''}
          >${preset.label}</a
        >`,
    )}
  </nav>`;
}
