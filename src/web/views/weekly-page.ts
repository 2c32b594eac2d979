import type { DataPeriod } from '../status/data-period.js';
import { datePresetLinks, datePresets } from './components/date-presets.js';
import { html } from 'hono/html';
import type { WeeklyRow } from '../../reports/index.js';
import {
  defaultTopRewards,
  topRewardChoices,
  type WeeklyChartChoice,
  type WeeklyData,
} from '../report-data/weekly-data.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { pagination } from './components/pagination.js';
import { sortHeader } from './components/sort-header.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks, queryString } from './components/downloads.js';
import { dateField, filterForm, selectField, timeZoneField } from './components/filter-fields.js';
import { errorMessage, isFiltered, noRows } from './components/messages.js';
import { integer, signedPercent } from './format.js';
import { chartFigure } from './components/chart-figure.js';
import type { Html } from './html.js';

export interface WeeklyPageProps {
  /** The span of the data in the page's zone, for the date presets. */
  dataPeriod?: DataPeriod | null;
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: WeeklyData;
  /** Which rewards the chart shows; the top 10 when not given. */
  choice?: WeeklyChartChoice;
  error?: string;
}

/** A reward's redemptions over the shown weeks, for picking what the chart shows. */
interface RewardTotal {
  id: number;
  name: string;
  redeemed: number;
}

/** Every reward in the shown weeks, most redemptions first (ties by id). */
function rewardTotals(rows: readonly WeeklyRow[]): RewardTotal[] {
  const totals = new Map<number, RewardTotal>();
  for (const row of rows) {
    const total = totals.get(row.reward_campaign_id) ?? {
      id: row.reward_campaign_id,
      name: row.reward_name,
      redeemed: 0,
    };
    total.redeemed += row.reward_redeemed_count;
    totals.set(row.reward_campaign_id, total);
  }
  return [...totals.values()].sort((a, b) => b.redeemed - a.redeemed || a.id - b.id);
}

/** The last day of the week starting on this date, YYYY-MM-DD. */
function weekEnd(week: string): string {
  const day = new Date(`${week}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 6);
  return day.toISOString().slice(0, 10);
}

/** The redemptions of one reward in one week: what its row counts. */
function weekHref(reward: number, week: string, query: Record<string, string>): string {
  return `/transactions${queryString({ reward: String(reward), status: 'redeemed', tz: query.tz, from: week, to: weekEnd(week), back: weeklyHref(query, {}) })}`;
}

/** This page's own address with every parameter in force, changed as given. */
function weeklyHref(
  query: Record<string, string>,
  change: Record<string, string | number | undefined>,
): string {
  const { from, to, tz, week_start, top, reward, sort, limit, offset, back } = query;
  return `/weekly${queryString({ from, to, tz, week_start, top, reward, sort, limit, offset, back, ...change })}`;
}

function changeCell(row: WeeklyRow): Html | string {
  const value = row.percentage_difference;
  if (value === null) return html`<span title="no previous week, or it had 0">—</span>`;
  const direction = value > 0 ? 'up' : value < 0 ? 'down' : '';
  return html`<span class="${direction}">${signedPercent(value)}</span>`;
}

/**
 * The chart's data: one series per charted reward over every week any reward has, counts and changes
 * aligned, and where a bar leads (that reward's redemptions in that week).
 */
function chartData(data: WeeklyData, charted: ReadonlySet<number>, query: Record<string, string>) {
  const weeks = [...new Set(data.rows.map((row) => row.week))].sort();
  const rewards = new Map<number, { name: string; byWeek: Map<string, WeeklyRow> }>();
  for (const row of data.rows) {
    if (!charted.has(row.reward_campaign_id)) continue;
    const reward = rewards.get(row.reward_campaign_id) ?? { name: row.reward_name, byWeek: new Map() };
    reward.byWeek.set(row.week, row);
    rewards.set(row.reward_campaign_id, reward);
  }
  return {
    timeZone: data.params.tz,
    weeks,
    series: [...rewards.entries()].map(([id, reward]) => ({
      name: `${id} · ${reward.name}`,
      links: weeks.map((week) => weekHref(id, week, query)),
      counts: weeks.map((week) => reward.byWeek.get(week)?.reward_redeemed_count ?? null),
      changes: weeks.map((week) => reward.byWeek.get(week)?.percentage_difference ?? null),
    })),
  };
}

function rewardPicker(
  totals: readonly RewardTotal[],
  choice: WeeklyChartChoice,
  query: Record<string, string>,
): Html {
  const { from, to, tz, week_start, back } = query;
  const kept = Object.entries({ from, to, tz, week_start, back }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return html`<form class="filters" method="get" action="/weekly" aria-label="Rewards charted">
    ${selectField({
      name: 'top',
      label: 'Chart the top',
      value: choice.reward === undefined ? String(choice.top) : String(choice.top),
      options: topRewardChoices.map((top) => ({ value: String(top), label: `${top} rewards` })),
    })}
    ${selectField({
      name: 'reward',
      label: 'or one reward',
      value: choice.reward === undefined ? '' : String(choice.reward),
      options: [
        { value: '', label: 'the top rewards' },
        ...totals.map((total) => ({
          value: String(total.id),
          label: `${total.id} · ${total.name} (${integer(total.redeemed)})`,
        })),
      ],
    })}
    ${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <button type="submit">Show</button>
  </form>`;
}

function results(data: WeeklyData, query: Record<string, string>, choice: WeeklyChartChoice): Html {
  if (data.rows.length === 0) {
    return noRows({
      what: 'redemptions',
      filtered: isFiltered(query, ['from', 'to', 'reward']),
      unfilteredHref: `/weekly${queryString({ tz: query.tz, week_start: query.week_start })}`,
    });
  }
  const filters = { from: query.from, to: query.to, tz: query.tz, week_start: query.week_start };
  const totals = rewardTotals(data.rows);
  const charted = new Set(
    choice.reward === undefined
      ? totals.slice(0, choice.top).map((total) => total.id)
      : [Number(choice.reward)],
  );
  const chartedWords =
    choice.reward !== undefined
      ? `reward ${String(choice.reward)}`
      : totals.length > choice.top
        ? `the ${choice.top} rewards with the most redemptions in these weeks (of ${integer(totals.length)}; pick another below)`
        : 'every reward';
  const table = data.table;
  const sorted = (key: string) =>
    sortHeader<WeeklyRow>(key, table?.page.sort, (sort) => weeklyHref(query, { sort, offset: undefined }));
  const pages = table
    ? pagination({
        noun: 'weeks',
        total: table.total,
        limit: table.page.limit,
        offset: table.page.offset,
        href: (offset, limit) => weeklyHref(query, { limit, offset: offset === 0 ? undefined : offset }),
      })
    : '';
  return html`${chartFigure({
      chart: 'weekly-redemptions',
      data: chartData(data, charted, query),
      label: `Chart of redeemed rewards per week for ${chartedWords}; the table below has the figures of every reward`,
      caption: `Rewards redeemed per week (weeks from ${data.params.weekStart === 'monday' ? 'Monday' : 'Sunday'} 00:00, ${data.params.tz}) for ${chartedWords}. Select a bar or a row's count to list its redemptions.`,
    })}
    ${rewardPicker(totals, choice, query)}
    <h2>Redemptions per reward and week</h2>
    <div class="table-tools">${pages} ${downloadLinks('/api/weekly', filters, 'weekly redemptions')}</div>
    ${dataTable({
      id: 'weekly',
      caption: `${choice.reward === undefined ? 'Every reward' : `Reward ${String(choice.reward)}`}; weeks with no redemption between a reward’s first and last week appear with 0`,
      rows: table?.rows ?? data.rows,
      columns: [
        { label: 'Week of', cell: (row) => row.week, rowHeader: true, sort: sorted('week') },
        {
          label: 'Redeemed',
          cell: (row) =>
            html`<a href="${weekHref(row.reward_campaign_id, row.week, query)}"
              >${integer(row.reward_redeemed_count)}</a
            >`,
          numeric: true,
          sort: sorted('reward_redeemed_count'),
        },
        {
          label: 'Change',
          definition:
            'redeemed this week against the previous calendar week, in percent; — when there is no previous week or it had 0',
          cell: changeCell,
          numeric: true,
          sort: sorted('percentage_difference'),
        },
        {
          label: 'Reward',
          cell: (row) =>
            html`<a
              href="${weeklyHref(query, { reward: String(row.reward_campaign_id), offset: undefined })}"
              title="chart and list reward ${String(row.reward_campaign_id)} alone"
              >${String(row.reward_campaign_id)}</a
            >`,
          numeric: true,
          sort: sorted('reward_campaign_id'),
        },
        { label: 'Reward name', clip: true, cell: (row) => row.reward_name, sort: sorted('reward_name') },
      ],
    })}`;
}

export function weeklyPage(props: WeeklyPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/weekly',
    label: 'Weekly filters',
    back: query.back,
    fields: [
      dateField({ name: 'from', label: 'First week containing', value: query.from }),
      dateField({ name: 'to', label: 'Last week containing', value: query.to }),
      timeZoneField(query.tz, props.configuredTimeZone),
      selectField({
        name: 'week_start',
        label: 'Weeks start on',
        value: query.week_start?.toLowerCase(),
        options: [
          { value: '', label: 'Monday' },
          { value: 'sunday', label: 'Sunday' },
        ],
      }),
    ],
  });
  return html`${breadcrumbs(query.back, 'Weekly')}
    <p class="note">
      Redeemed reward transactions per reward and week, with the change on the previous calendar week (not on
      the previous week that had redemptions). Dates pick the weeks shown; they never change a week's figures.
    </p>
    ${form}
    ${datePresetLinks({ action: '/weekly', query, presets: datePresets(props.dataPeriod?.last_transaction_date ?? null, { byWeek: true, weekStart: query.week_start === 'sunday' ? 'sunday' : 'monday' }) })}
    ${props.error ? errorMessage(props.error) : ''}
    ${props.data ? results(props.data, query, props.choice ?? { top: defaultTopRewards }) : ''}`;
}
