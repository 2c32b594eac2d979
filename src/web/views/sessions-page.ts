import { html } from 'hono/html';
import type { SessionRow, SessionSort, sessionSortKeys } from '../../reports/index.js';
import type { SessionsData } from '../report-data/sessions-data.js';
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
import { emptyState, errorMessage } from './components/messages.js';
import { duration, integer, localTime } from './format.js';
import type { Html } from './html.js';

export interface SessionsPageProps {
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: SessionsData;
  /** The sessions of the requested gap are being computed. */
  computing?: LiveComputation;
  error?: string;
}

/** The filters that narrow the listing (not sort or paging), as the request spelled them. */
function filtersOf(query: Record<string, string>) {
  return {
    user: query.user,
    driven: query.driven,
    from: query.from,
    to: query.to,
    tz: query.tz,
    gap: query.gap,
  };
}

/** Where a session's timeline lives; the gap and zone travel along so it is the same session. */
export function sessionHref(
  row: Pick<SessionRow, 'user_id' | 'session_start'>,
  query: Record<string, string>,
): string {
  const path = `/sessions/${encodeURIComponent(row.user_id)}/${encodeURIComponent(row.session_start.toISOString())}`;
  return `${path}${queryString({ gap: query.gap, tz: query.tz })}`;
}

function ids(values: readonly number[]): string {
  return values.length === 0 ? '—' : values.join(', ');
}

function sortable(
  key: (typeof sessionSortKeys)[number],
  current: SessionSort,
  query: Record<string, string>,
): Column<SessionRow>['sort'] {
  const direction = current === key ? 'ascending' : current === `-${key}` ? 'descending' : null;
  const next = direction === 'ascending' ? `-${key}` : key;
  const href = `/sessions${queryString({ ...filtersOf(query), limit: query.limit, sort: next })}`;
  return { href, direction };
}

function pagination(data: SessionsData, query: Record<string, string>): Html {
  const { limit, offset } = data.params;
  const first = data.total === 0 ? 0 : offset + 1;
  const last = offset + data.rows.length;
  const link = (at: number) =>
    `/sessions${queryString({ ...filtersOf(query), sort: query.sort, limit: query.limit, offset: at === 0 ? undefined : at })}`;
  const pages = Math.max(1, Math.ceil(data.total / limit));
  const page = Math.floor(offset / limit) + 1;
  return html`<nav class="pagination" aria-label="Pages of sessions">
    <span id="page-summary" role="status"
      >Sessions ${integer(first)}–${integer(last)} of ${integer(data.total)} · page ${integer(page)} of
      ${integer(pages)}</span
    >
    ${
      offset > 0
        ? html`<a class="button secondary" rel="prev" href="${link(Math.max(0, offset - limit))}"
            >Previous</a
          >`
        : ''
    }
    ${last < data.total ? html`<a class="button secondary" rel="next" href="${link(offset + limit)}">Next</a>` : ''}
  </nav>`;
}

function results(data: SessionsData, query: Record<string, string>): Html {
  const tz = data.params.tz;
  const sort = data.params.sort;
  const columns: Column<SessionRow>[] = [
    {
      label: 'User',
      rowHeader: true,
      cell: (row) => html`<a href="${sessionHref(row, query)}">${row.user_id}</a>`,
      sort: sortable('user_id', sort, query),
    },
    {
      label: 'Start',
      cell: (row) => localTime(row.session_start, tz),
      sort: sortable('session_start', sort, query),
    },
    {
      label: 'End',
      cell: (row) => localTime(row.session_end, tz),
      sort: sortable('session_end', sort, query),
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
      cell: (row) => ids(row.campaigns),
      sort: sortable('campaigns', sort, query),
    },
    {
      label: 'Rewards issued',
      wrap: true,
      cell: (row) => ids(row.rewards_issued),
      sort: sortable('rewards_issued', sort, query),
    },
    {
      label: 'Driven',
      cell: (row) => (row.reward_driven_by_campaign_view ? html`<span class="tag driven">yes</span>` : 'no'),
      sort: sortable('reward_driven_by_campaign_view', sort, query),
    },
    {
      label: 'Driven rewards',
      wrap: true,
      cell: (row) => ids(row.driven_rewards),
      sort: sortable('driven_rewards', sort, query),
    },
  ];
  const downloads = downloadLinks(
    '/api/sessions',
    { ...filtersOf(query), sort: query.sort },
    'all matching sessions',
  );
  return html`<div class="table-tools">${pagination(data, query)} ${downloads}</div>
    ${
      data.rows.length === 0
        ? emptyState(
            data.total === 0 ? 'No sessions match these filters.' : 'This page is past the last session.',
          )
        : dataTable({
            id: 'sessions',
            caption: html`Sessions (a gap of ${integer(data.params.gap)} s or more starts a new one), times in
            ${tz}; select a column heading to sort, a user to see the session's requests. Downloads hold every
            matching session, not only this page.`,
            rows: data.rows,
            columns,
          })
    }`;
}

export function sessionsPage(props: SessionsPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/sessions',
    label: 'Session filters',
    fields: [
      textField({ name: 'user', label: 'User id', value: query.user, placeholder: 'any user', size: 14 }),
      checkboxField({
        name: 'driven',
        label: 'Driven sessions only',
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
    hidden: query.sort ? { sort: query.sort } : {},
  });
  return html`<p class="note">
      Each user's requests split into sessions wherever the gap between two requests reaches the session gap.
      A session is driven when it issues a reward at or after a view of a campaign that contains it.
    </p>
    ${form} ${props.error ? errorMessage(props.error) : ''}
    ${props.computing ? computingState(props.computing) : ''} ${props.data ? results(props.data, query) : ''}`;
}
