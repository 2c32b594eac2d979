import type { DataPeriod } from '../status/data-period.js';
import { datePresetLinks, datePresets } from './components/date-presets.js';
import { html } from 'hono/html';
import type { SessionLengthCount, SessionRow, SessionSort, sessionSortKeys } from '../../reports/index.js';
import { dataTable, type Column } from './components/data-table.js';
import { downloadLinks, queryString } from './components/downloads.js';
import {
  checkboxField,
  dateField,
  filterForm,
  selectField,
  textField,
  timeZoneField,
} from './components/filter-fields.js';
import type { LiveComputation } from '../live/live-computations.js';
import { computingState } from './components/computing.js';
import { emptyState, errorMessage, isFiltered, noRows } from './components/messages.js';
import { duration, integer, localTime } from './format.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { idList } from './components/id-list.js';
import { pagination } from './components/pagination.js';
import { defaultSessionPageSize, type SessionsData } from '../report-data/sessions-data.js';
import { chartFigure } from './components/chart-figure.js';
import type { Html } from './html.js';

export interface SessionsPageProps {
  /** The span of the data in the page's zone, for the date presets. */
  dataPeriod?: DataPeriod | null;
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: SessionsData;
  /** How long the matching sessions (all pages) are, for the distribution above the table. */
  lengths?: readonly SessionLengthCount[];
  /** The sessions of the requested gap are being computed. */
  computing?: LiveComputation;
  error?: string;
}

/** The filters that narrow the listing (not sort or paging), as the request spelled them. */
function filtersOf(query: Record<string, string>) {
  return {
    user: query.user,
    campaign: query.campaign,
    reward: query.reward,
    driven: query.driven,
    from: query.from,
    to: query.to,
    tz: query.tz,
    gap: query.gap,
  };
}

/** This listing's own address, with every parameter in force: where a drill-down from it comes back to. */
function listingHref(query: Record<string, string>): string {
  return `/sessions${queryString({ ...filtersOf(query), sort: query.sort, limit: query.limit, offset: query.offset, back: query.back })}`;
}

/**
 * Where a session's timeline lives; the gap and zone travel along so it is the same session, and the
 * listing's address, so its breadcrumbs lead back to the same page of the same list.
 */
export function sessionHref(
  row: Pick<SessionRow, 'user_id' | 'session_start'>,
  query: Record<string, string>,
): string {
  const path = `/sessions/${encodeURIComponent(row.user_id)}/${encodeURIComponent(row.session_start.toISOString())}`;
  return `${path}${queryString({ gap: query.gap, tz: query.tz, back: listingHref(query) })}`;
}

/** The sessions of one campaign, reward or user, in the same zone, gap and range as this listing. */
function drillHref(
  query: Record<string, string>,
  filter: { campaign?: string; reward?: string; user?: string },
): string {
  const { tz, gap, from, to } = query;
  return `/sessions${queryString({ tz, gap, from, to, ...filter, back: listingHref(query) })}`;
}

function sortable(
  key: (typeof sessionSortKeys)[number],
  current: SessionSort,
  query: Record<string, string>,
): Column<SessionRow>['sort'] {
  const direction = current === key ? 'ascending' : current === `-${key}` ? 'descending' : null;
  const next = direction === 'ascending' ? `-${key}` : key;
  const href = `/sessions${queryString({ ...filtersOf(query), limit: query.limit, sort: next, back: query.back })}`;
  return { href, direction };
}

function sessionsPagination(data: SessionsData, query: Record<string, string>): Html {
  return pagination({
    noun: 'sessions',
    total: data.total,
    limit: data.params.limit,
    offset: data.params.offset,
    href: (offset, limit) =>
      `/sessions${queryString({ ...filtersOf(query), sort: query.sort, limit: limit === defaultSessionPageSize ? undefined : limit, offset: offset === 0 ? undefined : offset, back: query.back })}`,
  });
}

/** What the listing holds, in words: the campaign and reward filters change what "driven" means. */
function scope(params: Pick<SessionsData['params'], 'campaign' | 'reward' | 'driven'>): string {
  const { campaign, reward, driven } = params;
  const drovenIssue = reward === undefined ? 'a reward issue' : `an issue of reward ${reward}`;
  if (campaign === undefined) {
    if (reward === undefined) return driven ? 'Driven sessions' : 'Sessions';
    return driven
      ? `Sessions where a campaign view drove ${drovenIssue}`
      : `Sessions that issued reward ${reward}`;
  }
  const withIssue = reward === undefined ? '' : ` that issued reward ${reward}`;
  return driven
    ? `Sessions where a view of campaign ${campaign} drove ${drovenIssue}`
    : `Sessions with a view of campaign ${campaign}${withIssue}`;
}

function results(data: SessionsData, query: Record<string, string>): Html {
  const tz = data.params.tz;
  const sort = data.params.sort;
  const columns: Column<SessionRow>[] = [
    {
      label: 'User',
      rowHeader: true,
      cell: (row) =>
        html`<a href="${drillHref(query, { user: row.user_id })}" title="all sessions of user ${row.user_id}"
          >${row.user_id}</a
        >`,
      sort: sortable('user_id', sort, query),
    },
    {
      label: 'Start',
      fold: true,
      cell: (row) =>
        html`<a href="${sessionHref(row, query)}" title="this session's requests"
          >${localTime(row.session_start, tz)}</a
        >`,
      sort: sortable('session_start', sort, query),
    },
    {
      label: 'Driven',
      cell: (row) => (row.reward_driven_by_campaign_view ? html`<span class="tag driven">yes</span>` : 'no'),
      sort: sortable('reward_driven_by_campaign_view', sort, query),
    },
    {
      label: 'Duration',
      numeric: true,
      cell: (row) => duration(row.session_end.getTime() - row.session_start.getTime()),
      sort: sortable('duration', sort, query),
    },
    {
      label: 'Campaigns viewed',
      wrap: true,
      cell: (row) => idList(row.campaigns, (id) => drillHref(query, { campaign: String(id) })),
      sort: sortable('campaigns', sort, query),
    },
    {
      label: 'Rewards issued',
      wrap: true,
      cell: (row) => idList(row.rewards_issued, (id) => drillHref(query, { reward: String(id) })),
      sort: sortable('rewards_issued', sort, query),
    },
    {
      label: 'Driven rewards',
      wrap: true,
      cell: (row) => idList(row.driven_rewards, (id) => drillHref(query, { reward: String(id) })),
      sort: sortable('driven_rewards', sort, query),
    },
    {
      label: 'End',
      fold: true,
      cell: (row) => localTime(row.session_end, tz),
      sort: sortable('session_end', sort, query),
    },
  ];
  const downloads = downloadLinks(
    '/api/sessions',
    { ...filtersOf(query), sort: query.sort },
    'all matching sessions',
  );
  return html`<div class="table-tools">${sessionsPagination(data, query)} ${downloads}</div>
    ${
      data.rows.length === 0
        ? data.total === 0
          ? noRows({
              what: 'sessions',
              filtered: isFiltered(query, ['user', 'campaign', 'reward', 'driven', 'from', 'to']),
              unfilteredHref: `/sessions${queryString({ tz: query.tz, gap: query.gap })}`,
            })
          : emptyState('This page is past the last session.')
        : dataTable({
            id: 'sessions',
            caption: html`${scope(data.params)} (a gap of ${integer(data.params.gap)} s or more starts a new
            one), times in ${tz}; select a column heading to sort, a user to list that user's sessions, a
            start time to see the session's requests, a campaign or reward to list its sessions. Downloads
            hold every matching session, not only this page.`,
            rows: data.rows,
            columns,
          })
    }`;
}

/** A bar per length bucket over every matching session, the figures in a table beside the chart. */
function lengthDistribution(lengths: readonly SessionLengthCount[], data: SessionsData): Html {
  const chartData = {
    lengths: lengths.map((bucket) => bucket.length),
    sessions: lengths.map((b) => b.sessions),
  };
  return html`<details class="distribution" open>
    <summary>How long the ${integer(data.total)} matching sessions are</summary>
    <div class="distribution-body">
      ${chartFigure({
        chart: 'session-lengths',
        data: chartData,
        size: 'short',
        label: 'Bar chart: matching sessions by length; the table beside it has the same figures',
        caption:
          "A session's length is the time from its first request to its last; a session of one request is 0 s. Every matching session counts, not only this page's.",
      })}
      ${dataTable<SessionLengthCount>({
        id: 'session-lengths',
        caption: 'Matching sessions by length',
        rows: lengths,
        columns: [
          { label: 'Length', rowHeader: true, cell: (bucket) => bucket.length },
          { label: 'Sessions', numeric: true, cell: (bucket) => integer(bucket.sessions) },
        ],
      })}
    </div>
  </details>`;
}

export function sessionsPage(props: SessionsPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/sessions',
    label: 'Session filters',
    fields: [
      textField({ name: 'user', label: 'User id', value: query.user, placeholder: 'any user', size: 14 }),
      textField({
        name: 'campaign',
        label: 'Viewed campaign',
        value: query.campaign,
        placeholder: 'any',
        inputMode: 'numeric',
        size: 8,
      }),
      textField({
        name: 'reward',
        label: 'Issued reward',
        value: query.reward,
        placeholder: 'any',
        inputMode: 'numeric',
        size: 8,
      }),
      checkboxField({
        name: 'driven',
        label: 'Driven sessions only (with a campaign or reward: that one)',
        checked: props.data?.params.driven ?? query.driven === 'true',
      }),
      dateField({ name: 'from', label: 'Started from (local)', value: query.from }),
      dateField({ name: 'to', label: 'Started by (local, included)', value: query.to }),
      timeZoneField(query.tz, props.configuredTimeZone),
      textField({
        name: 'gap',
        label: 'Session gap (s)',
        value: query.gap,
        placeholder: '300',
        inputMode: 'numeric',
        size: 6,
      }),
      selectField({
        name: 'limit',
        label: 'Per page',
        value: query.limit,
        options: [
          { value: '', label: '50' },
          { value: '25', label: '25' },
          { value: '100', label: '100' },
          { value: '500', label: '500' },
          { value: '1000', label: '1000' },
        ],
      }),
    ],
    hidden: { sort: query.sort },
    back: query.back,
  });
  const current = props.data ? scope(props.data.params) : 'Sessions';
  return html`${breadcrumbs(query.back, current)}
    <p class="note">
      Each user's requests split into sessions wherever the gap between two requests reaches the session gap.
      A session is driven when it issues a reward at or after a view of a campaign that contains it.
    </p>
    ${form}
    ${datePresetLinks({ action: '/sessions', query, presets: datePresets(props.dataPeriod?.last_request_date ?? null, {}) })}
    ${props.error ? errorMessage(props.error) : ''} ${props.computing ? computingState(props.computing) : ''}
    ${props.lengths && props.data && props.data.total > 0 ? lengthDistribution(props.lengths, props.data) : ''}
    ${props.data ? results(props.data, query) : ''}`;
}
