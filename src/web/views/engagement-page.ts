import { jsonText } from '../../output/index.js';
import { html } from 'hono/html';
import type { EngagementRow } from '../../reports/index.js';
import type { CampaignChoice, EngagementData } from '../report-data/engagement-data.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks } from './components/downloads.js';
import { dateField, filterForm, selectField, timeZoneField } from './components/filter-fields.js';
import { emptyState, errorMessage } from './components/messages.js';
import { integer } from './format.js';
import type { Html } from './html.js';

export interface EngagementPageProps {
  /** The query as requested, to refill the form. */
  query: Record<string, string>;
  configuredTimeZone: string;
  campaigns: readonly CampaignChoice[];
  data?: EngagementData;
  error?: string;
}

const transactions = (count: number) => `${integer(count)} transaction${count === 1 ? '' : 's'}`;

/** Shown in full up to this many tied buckets; the table beneath lists them all. */
const tiesSpelledOut = 6;

function campaignLabel(row: Pick<EngagementRow, 'campaign_id' | 'campaign_name'>, word = 'campaign'): Html {
  return html`${word} ${row.campaign_id} <q>${row.campaign_name}</q>`;
}

/** Each campaign's peak in a sentence: when it was busiest, and how busy. */
function peakStatements(peaks: readonly EngagementRow[], timeZone: string): Html {
  const byCampaign = new Map<number | bigint, EngagementRow[]>();
  for (const peak of peaks)
    byCampaign.set(peak.campaign_id, [...(byCampaign.get(peak.campaign_id) ?? []), peak]);
  return html`<div id="peak-statements">
    ${[...byCampaign.values()].map((rows) => {
      const [first] = rows as [EngagementRow, ...EngagementRow[]];
      if (rows.length === 1) {
        return html`<p class="peak-statement">
          The busiest hour of ${campaignLabel(first)} was
          <strong>${first.date} ${first.time}</strong> (${timeZone}), with
          <strong>${transactions(first.no_of_transactions)}</strong>.
        </p>`;
      }
      const shown = rows.slice(0, tiesSpelledOut).map((row) => `${row.date} ${row.time}`);
      const more = rows.length - shown.length;
      return html`<p class="peak-statement">
        ${campaignLabel(first, 'Campaign')} peaked in <strong>${rows.length} hours tied</strong> at
        <strong>${transactions(first.no_of_transactions)}</strong> each (${timeZone}):
        ${shown.join(', ')}${more > 0 ? ` and ${more} more (all in the table below)` : ''}.
      </p>`;
    })}
  </div>`;
}

function heatmap(data: EngagementData): Html {
  const campaign = data.matrixCampaign;
  if (!campaign || data.matrix.length === 0) return html``;
  const dates = [...new Set(data.matrix.map((cell) => cell.date))];
  const dateIndex = new Map(dates.map((date, index) => [date, index]));
  const peaks = data.peaks
    .filter((peak) => peak.campaign_id === campaign.id)
    .map((peak) => [Number(peak.time.slice(0, 2)), dateIndex.get(peak.date) ?? -1]);
  const chartData = {
    timeZone: data.params.tz,
    dates,
    cells: data.matrix.map((cell) => [cell.hour, dateIndex.get(cell.date), cell.no_of_transactions]),
    peaks,
    max: Math.max(0, ...data.matrix.map((cell) => cell.no_of_transactions)),
  };
  const tall = dates.length > 10 ? 'tall' : '';
  return html`<figure class="chart">
    <div
      class="chart-canvas ${tall}"
      data-chart="engagement-heatmap"
      data-chart-data="${jsonText(chartData)}"
      role="img"
      aria-label="Heatmap of reward transactions of campaign ${campaign.id} by local date and hour; peak cells outlined"
    ></div>
    <figcaption>
      Reward transactions of campaign ${campaign.id}${campaign.name ? html` <q>${campaign.name}</q>` : ''} by
      local date (rows) and hour (columns) in ${data.params.tz}; the outlined cells are its peak.
      ${data.params.campaign === undefined ? 'It is the busiest campaign; pick another above.' : ''}
    </figcaption>
  </figure>`;
}

function results(data: EngagementData, query: Record<string, string>): Html {
  if (data.peaks.length === 0) return emptyState('No transactions in this range.');
  const filters = { from: query.from, to: query.to, tz: query.tz, campaign: query.campaign };
  return html`${peakStatements(data.peaks, data.params.tz)} ${heatmap(data)}
    <h2 id="peaks-heading">Peak hours per campaign</h2>
    ${downloadLinks('/api/engagement', filters, 'peak hours')}
    ${dataTable({
      id: 'peaks',
      caption: `Busiest local date and hour per campaign (${data.params.tz}), ties kept`,
      rows: data.peaks,
      columns: [
        { label: 'Campaign', cell: (row) => String(row.campaign_id), numeric: true, rowHeader: true },
        { label: 'Name', cell: (row) => row.campaign_name },
        { label: 'Transactions', cell: (row) => integer(row.no_of_transactions), numeric: true },
        { label: 'Date', cell: (row) => row.date },
        { label: 'Hour', cell: (row) => row.time },
      ],
    })}`;
}

export function engagementPage(props: EngagementPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/engagement',
    label: 'Engagement filters',
    fields: [
      dateField({ name: 'from', label: 'From (local date)', value: query.from }),
      dateField({ name: 'to', label: 'To (local date, included)', value: query.to }),
      timeZoneField(query.tz, props.configuredTimeZone),
      selectField({
        name: 'campaign',
        label: 'Campaign',
        value: query.campaign,
        options: [
          { value: '', label: 'All campaigns' },
          ...props.campaigns.map((campaign) => ({
            value: String(campaign.id),
            label: `${campaign.id} · ${campaign.name}`,
          })),
        ],
      }),
    ],
  });
  const range = props.data
    ? props.data.params.from || props.data.params.to
      ? `from ${props.data.params.from?.text ?? 'the first transaction'} to ${props.data.params.to?.text ?? 'the last'}, both included`
      : 'all transactions'
    : '';
  return html`<p class="note">
      When reward transactions (any status) happen, by local date and hour. Dates are in the reporting time
      zone; an empty date leaves that end open.
    </p>
    ${form} ${props.error ? errorMessage(props.error) : ''}
    ${
      props.data
        ? html`<p class="note" id="range-summary">Showing ${range}, in ${props.data.params.tz}.</p>
            ${results(props.data, query)}`
        : ''
    }`;
}
