import { jsonText } from '../../output/index.js';
import { html } from 'hono/html';
import type { WeeklyRow } from '../../reports/index.js';
import type { WeeklyData } from '../report-data/weekly-data.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks } from './components/downloads.js';
import { dateField, filterForm, selectField, timeZoneField } from './components/filter-fields.js';
import { emptyState, errorMessage } from './components/messages.js';
import { integer, signedPercent } from './format.js';
import type { Html } from './html.js';

export interface WeeklyPageProps {
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: WeeklyData;
  error?: string;
}

function changeCell(row: WeeklyRow): Html | string {
  const value = row.percentage_difference;
  if (value === null) return html`<span title="no previous week, or it had 0">—</span>`;
  const direction = value > 0 ? 'up' : value < 0 ? 'down' : '';
  return html`<span class="${direction}">${signedPercent(value)}</span>`;
}

/** The chart's data: one series per reward over every week any reward has, counts and changes aligned. */
function chartData(data: WeeklyData) {
  const weeks = [...new Set(data.rows.map((row) => row.week))].sort();
  const rewards = new Map<number, { name: string; byWeek: Map<string, WeeklyRow> }>();
  for (const row of data.rows) {
    const reward = rewards.get(row.reward_campaign_id) ?? { name: row.reward_name, byWeek: new Map() };
    reward.byWeek.set(row.week, row);
    rewards.set(row.reward_campaign_id, reward);
  }
  return {
    timeZone: data.params.tz,
    weeks,
    series: [...rewards.entries()].map(([id, reward]) => ({
      name: `${id} · ${reward.name}`,
      counts: weeks.map((week) => reward.byWeek.get(week)?.reward_redeemed_count ?? null),
      changes: weeks.map((week) => reward.byWeek.get(week)?.percentage_difference ?? null),
    })),
  };
}

function results(data: WeeklyData, query: Record<string, string>): Html {
  if (data.rows.length === 0) return emptyState('No redemptions in this range.');
  const filters = { from: query.from, to: query.to, tz: query.tz, week_start: query.week_start };
  return html`<figure class="chart">
      <div
        class="chart-canvas"
        data-chart="weekly-redemptions"
        data-chart-data="${jsonText(chartData(data))}"
        role="img"
        aria-label="Bar chart of redeemed rewards per week and reward, each bar labelled with its change on the week before; the table below has the same figures"
      ></div>
      <figcaption>
        Rewards redeemed per week (weeks from ${data.params.weekStart === 'monday' ? 'Monday' : 'Sunday'}
        00:00, ${data.params.tz}); each bar is labelled with its count and its change on the previous calendar
        week.
      </figcaption>
    </figure>
    <h2>Redemptions per reward and week</h2>
    ${downloadLinks('/api/weekly', filters, 'weekly redemptions')}
    ${dataTable({
      id: 'weekly',
      caption: 'Weeks with no redemption between a reward’s first and last week appear with 0',
      rows: data.rows,
      columns: [
        { label: 'Reward', cell: (row) => row.reward_campaign_id, numeric: true },
        { label: 'Reward name', cell: (row) => row.reward_name },
        { label: 'Week of', cell: (row) => row.week, rowHeader: true },
        { label: 'Redeemed', cell: (row) => integer(row.reward_redeemed_count), numeric: true },
        { label: 'Change on previous week', cell: changeCell, numeric: true },
      ],
    })}`;
}

export function weeklyPage(props: WeeklyPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/weekly',
    label: 'Weekly filters',
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
  return html`<p class="note">
      Redeemed reward transactions per reward and week, with the change on the previous calendar week (not on
      the previous week that had redemptions). Dates pick the weeks shown; they never change a week's figures.
    </p>
    ${form} ${props.error ? errorMessage(props.error) : ''} ${props.data ? results(props.data, query) : ''}`;
}
