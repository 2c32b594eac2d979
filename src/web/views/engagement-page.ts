import type { DataPeriod } from '../status/data-period.js';
import { datePresetLinks, datePresets } from './components/date-presets.js';
import { html } from 'hono/html';
import type { EngagementRow } from '../../reports/index.js';
import type { CampaignChoice, EngagementData } from '../report-data/engagement-data.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks, queryString } from './components/downloads.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { pagination } from './components/pagination.js';
import { sortHeader } from './components/sort-header.js';
import { dateField, filterForm, selectField, timeZoneField } from './components/filter-fields.js';
import { errorMessage, isFiltered, noRows } from './components/messages.js';
import { integer } from './format.js';
import { chartFigure } from './components/chart-figure.js';
import type { Html } from './html.js';

export interface EngagementPageProps {
  /** The span of the data in the page's zone, for the date presets. */
  dataPeriod?: DataPeriod | null;
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

/** Campaigns whose peak is spelled out in a sentence; the table lists every campaign's. */
const statementsShown = 3;

/** The busiest campaigns' peaks in a sentence each: when they were busiest, and how busy. */
function peakStatements(peaks: readonly EngagementRow[], timeZone: string): Html {
  const byCampaign = new Map<number | bigint, EngagementRow[]>();
  for (const peak of peaks)
    byCampaign.set(peak.campaign_id, [...(byCampaign.get(peak.campaign_id) ?? []), peak]);
  const more = byCampaign.size - statementsShown;
  return html`<div id="peak-statements">
    ${[...byCampaign.values()].slice(0, statementsShown).map((rows) => {
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
    ${
      more > 0
        ? html`<p class="note">
            The peaks of ${integer(more)} more campaign${more === 1 ? '' : 's'} are in the table below.
          </p>`
        : ''
    }
  </div>`;
}

/** The transactions of one campaign in one local hour: what a heatmap cell or a peak counts. */
function hourHref(
  campaign: number | bigint,
  date: string,
  hour: string,
  query: Record<string, string>,
): string {
  const at = `${date}T${hour.slice(0, 2)}`;
  return `/transactions${queryString({ campaign: String(campaign), tz: query.tz, from: `${at}:00`, to: `${at}:59`, back: engagementHref(query) })}`;
}

/** This page's own address with every parameter in force, for the breadcrumbs of a drill-down. */
function engagementHref(query: Record<string, string>): string {
  const { from, to, tz, campaign, sort, limit, offset } = query;
  return `/engagement${queryString({ from, to, tz, campaign, sort, limit, offset })}`;
}

function heatmap(data: EngagementData, query: Record<string, string>): Html {
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
    // A cell opens its transactions: this address plus the cell's hour as from and to.
    drill: `/transactions${queryString({ campaign: String(campaign.id), tz: query.tz, back: engagementHref(query) })}`,
  };
  return chartFigure({
    chart: 'engagement-heatmap',
    data: chartData,
    size: dates.length > 10 ? 'tall' : undefined,
    label: `Heatmap of reward transactions of campaign ${campaign.id} by local date and hour; peak cells outlined`,
    caption: html`Reward transactions of campaign
    ${campaign.id}${campaign.name ? html` <q>${campaign.name}</q>` : ''} by local date (rows) and hour
    (columns) in ${data.params.tz}; the outlined cells are its peak. Select a cell to list its transactions.
    ${data.params.campaign === undefined ? 'It is the busiest campaign; pick another above.' : ''}`,
  });
}

function peakTable(data: EngagementData, query: Record<string, string>): Html {
  const table = data.table;
  const { from, to, tz, campaign } = query;
  const here = (change: Record<string, string | number | undefined>) =>
    `/engagement${queryString({ from, to, tz, campaign, sort: query.sort, limit: query.limit, offset: query.offset, back: query.back, ...change })}`;
  const sorted = (key: string) =>
    sortHeader<EngagementRow>(key, table?.page.sort, (sort) => here({ sort, offset: undefined }));
  const pages = table
    ? pagination({
        noun: 'peaks',
        id: 'peaks-summary',
        total: table.total,
        limit: table.page.limit,
        offset: table.page.offset,
        href: (offset, limit) => here({ limit, offset: offset === 0 ? undefined : offset }),
      })
    : '';
  const sessionsOf = (row: EngagementRow) =>
    `/sessions${queryString({ campaign: String(row.campaign_id), tz, back: engagementHref(query) })}`;
  return html`<div class="table-tools">
      ${pages} ${downloadLinks('/api/engagement', { from, to, tz, campaign }, 'peak hours')}
    </div>
    ${dataTable({
      id: 'peaks',
      caption: `Busiest local date and hour per campaign (${data.params.tz}), ties kept; select a campaign to list the sessions that viewed it, an hour or a count to list its transactions, a heading to sort`,
      rows: table?.rows ?? data.peaks,
      columns: [
        {
          label: 'Campaign',
          cell: (row) =>
            html`<a href="${sessionsOf(row)}" title="sessions that viewed campaign ${String(row.campaign_id)}"
              >${String(row.campaign_id)}</a
            >`,
          numeric: true,
          rowHeader: true,
          sort: sorted('campaign_id'),
        },
        { label: 'Date', cell: (row) => row.date, sort: sorted('date') },
        {
          label: 'Hour',
          cell: (row) =>
            html`<a href="${hourHref(row.campaign_id, row.date, row.time, query)}">${row.time}</a>`,
          sort: sorted('time'),
        },
        {
          label: 'Transactions',
          cell: (row) =>
            html`<a href="${hourHref(row.campaign_id, row.date, row.time, query)}"
              >${integer(row.no_of_transactions)}</a
            >`,
          numeric: true,
          sort: sorted('no_of_transactions'),
        },
        { label: 'Name', clip: true, cell: (row) => row.campaign_name, sort: sorted('campaign_name') },
      ],
    })}`;
}

function results(data: EngagementData, query: Record<string, string>): Html {
  if (data.peaks.length === 0) {
    return noRows({
      what: 'transactions',
      filtered: isFiltered(query, ['from', 'to', 'campaign']),
      unfilteredHref: `/engagement${queryString({ tz: query.tz })}`,
    });
  }
  return html`${heatmap(data, query)} ${peakStatements(data.peaks, data.params.tz)}
    <h2 id="peaks-heading">Peak hours per campaign</h2>
    ${peakTable(data, query)}`;
}

export function engagementPage(props: EngagementPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/engagement',
    label: 'Engagement filters',
    back: query.back,
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
  return html`${breadcrumbs(query.back, 'Engagement')}
    <p class="note">
      When reward transactions (any status) happen, by local date and hour. Dates are in the reporting time
      zone; an empty date leaves that end open.
    </p>
    ${form}
    ${datePresetLinks({ action: '/engagement', query, presets: datePresets(props.dataPeriod?.last_transaction_date ?? null, {}) })}
    ${props.error ? errorMessage(props.error) : ''}
    ${
      props.data
        ? html`<p class="note" id="range-summary">Showing ${range}, in ${props.data.params.tz}.</p>
            ${results(props.data, query)}`
        : ''
    }`;
}
