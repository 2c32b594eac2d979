import type { DataPeriod } from '../status/data-period.js';
import { datePresetLinks, datePresets } from './components/date-presets.js';
import { html } from 'hono/html';
import type { CampaignsData } from '../report-data/campaigns-data.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks, queryString } from './components/downloads.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { pagination } from './components/pagination.js';
import { sortHeader } from './components/sort-header.js';
import type { CampaignRow } from '../../reports/index.js';
import { dateField, filterForm, textField, timeZoneField } from './components/filter-fields.js';
import type { LiveComputation } from '../live/live-computations.js';
import { computingState } from './components/computing.js';
import { errorMessage, isFiltered, noRows } from './components/messages.js';
import { integer, percent } from './format.js';
import { measures } from './measures.js';
import { chartFigure } from './components/chart-figure.js';
import type { Html } from './html.js';

export interface CampaignsPageProps {
  /** The span of the data in the page's zone, for the date presets. */
  dataPeriod?: DataPeriod | null;
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: CampaignsData;
  /** The sessions of the requested gap are being computed. */
  computing?: LiveComputation;
  error?: string;
}

/**
 * The log names campaigns by id; a campaign it names that campaign.csv does not list (most of those the
 * real data's log views) has no name, and says so.
 */
function campaignName(data: CampaignsData, campaignId: CampaignRow['campaign_id']): Html | string {
  const name = data.campaignNames.get(String(campaignId));
  return (
    name ??
    html`<span class="muted" title="the log views it; campaign.csv does not list it"
      >not in campaign.csv</span
    >`
  );
}

function tablePagination(table: NonNullable<CampaignsData['table']>, query: Record<string, string>): Html {
  const { from, to, tz, gap, sort, back } = query;
  return pagination({
    noun: 'campaigns',
    total: table.total,
    limit: table.page.limit,
    offset: table.page.offset,
    href: (offset, limit) =>
      `/campaigns${queryString({ from, to, tz, gap, sort, back, limit, offset: offset === 0 ? undefined : offset })}`,
  });
}

function results(data: CampaignsData, query: Record<string, string>): Html {
  if (data.rows.length === 0) {
    return noRows({
      what: 'campaign views',
      filtered: isFiltered(query, ['from', 'to']),
      unfilteredHref: `/campaigns${queryString({ tz: query.tz, gap: query.gap })}`,
    });
  }
  const filters = { from: query.from, to: query.to, tz: query.tz, gap: query.gap };
  const table = data.table;
  const here = (change: Record<string, string | number | undefined>) =>
    `/campaigns${queryString({ ...filters, sort: query.sort, limit: query.limit, offset: query.offset, back: query.back, ...change })}`;
  const sorted = (key: string) =>
    sortHeader<CampaignRow>(key, table?.page.sort, (sort) => here({ sort, offset: undefined }));
  // The sessions behind a row's counts: the same range, zone and gap, so their number is the count.
  const sessionsOf = (row: CampaignRow, driven: boolean) =>
    `/sessions${queryString({ ...filters, campaign: String(row.campaign_id), driven, back: here({}) })}`;
  const points = data.rows.map((row) => [
    row.views,
    row.driven_sessions,
    row.campaign_id,
    percent(row.conversion),
  ]);
  return html`${chartFigure({
      chart: 'campaign-conversions',
      data: { points },
      size: 'tall',
      label:
        "Scatter chart: each campaign's views against its driven sessions; the table below has the same figures",
      caption:
        'Each point is a campaign (labelled with its id): how often it was viewed, against how many sessions went on to a reward it contains.',
    })}
    <h2>Performance per campaign</h2>
    <div class="table-tools">
      ${table ? tablePagination(table, query) : ''}
      ${downloadLinks('/api/campaigns', filters, 'campaign performance')}
    </div>
    ${dataTable({
      id: 'campaigns',
      caption: `Campaigns viewed in sessions starting in the range (session gap ${data.params.gap} s); ${measures.conversion.label.toLowerCase()} = ${measures.conversion.definition}. Select a campaign or a count of sessions to list those sessions, a heading to sort.`,
      rows: table?.rows ?? data.rows,
      columns: [
        {
          label: 'Campaign',
          numeric: true,
          rowHeader: true,
          cell: (row) => html`<a href="${sessionsOf(row, false)}">${String(row.campaign_id)}</a>`,
          sort: sorted('campaign_id'),
        },
        { label: 'Name', clip: true, cell: (row) => campaignName(data, row.campaign_id) },
        {
          ...measures.conversion,
          numeric: true,
          cell: (row) => percent(row.conversion),
          sort: sorted('conversion'),
        },
        {
          ...measures.drivenSessions,
          numeric: true,
          cell: (row) => html`<a href="${sessionsOf(row, true)}">${integer(row.driven_sessions)}</a>`,
          sort: sorted('driven_sessions'),
        },
        { label: 'Views', numeric: true, cell: (row) => integer(row.views), sort: sorted('views') },
        {
          label: 'Unique viewers',
          numeric: true,
          cell: (row) => integer(row.unique_viewers),
          sort: sorted('unique_viewers'),
        },
        {
          ...measures.sessionsWithView,
          numeric: true,
          cell: (row) => html`<a href="${sessionsOf(row, false)}">${integer(row.sessions_with_view)}</a>`,
          sort: sorted('sessions_with_view'),
        },
        {
          ...measures.drivenIssues,
          numeric: true,
          cell: (row) => integer(row.driven_issues),
          sort: sorted('driven_issues'),
        },
      ],
    })}`;
}

export function campaignsPage(props: CampaignsPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/campaigns',
    label: 'Campaign filters',
    back: query.back,
    fields: [
      dateField({ name: 'from', label: 'Sessions from (local)', value: query.from }),
      dateField({ name: 'to', label: 'Sessions to (local, included)', value: query.to }),
      timeZoneField(query.tz, props.configuredTimeZone),
      textField({
        name: 'gap',
        label: 'Session gap (s)',
        value: query.gap,
        placeholder: '300',
        inputMode: 'numeric',
        size: 6,
      }),
    ],
  });
  return html`${breadcrumbs(query.back, 'Campaigns')}
    <p class="note">
      How campaign views in the HTTP log turned into reward issues: an issue counts for a campaign when the
      session viewed that campaign at or before it and the campaign contains the reward.
    </p>
    ${form}
    ${datePresetLinks({ action: '/campaigns', query, presets: datePresets(props.dataPeriod?.last_request_date ?? null, {}) })}
    ${props.error ? errorMessage(props.error) : ''} ${props.computing ? computingState(props.computing) : ''}
    ${props.data ? results(props.data, query) : ''}`;
}
