import type { DataPeriod } from '../status/data-period.js';
import { datePresetLinks, datePresets } from './components/date-presets.js';
import { html } from 'hono/html';
import type { TransactionParams, TransactionRow } from '../../reports/index.js';
import type { TablePage } from '../params/table-page.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { dataTable } from './components/data-table.js';
import { queryString } from './components/downloads.js';
import { dateField, filterForm, textField, timeZoneField } from './components/filter-fields.js';
import { emptyState, errorMessage, isFiltered, noRows } from './components/messages.js';
import { pagination } from './components/pagination.js';
import { sortHeader } from './components/sort-header.js';
import { localTime } from './format.js';
import type { Html } from './html.js';

export const defaultTransactionPageSize = 50;

export interface TransactionsPageProps {
  /** The span of the data in the page's zone, for the date presets. */
  dataPeriod?: DataPeriod | null;
  query: Record<string, string>;
  configuredTimeZone: string;
  data?: {
    params: TransactionParams;
    table: TablePage;
    rows: TransactionRow[];
    total: number;
  };
  error?: string;
}

/** What the listing holds, in words. */
function scope(params: TransactionParams): string {
  const parts = [
    params.status === undefined
      ? 'Reward transactions'
      : `Reward transactions with status "${params.status}"`,
    params.reward === undefined ? '' : `of reward ${params.reward}`,
    params.campaign === undefined ? '' : `of campaign ${params.campaign}`,
    params.from ? `from ${params.from.text}` : '',
    params.to ? `to ${params.to.text} (included)` : '',
  ];
  return `${parts.filter(Boolean).join(' ')}, ${params.tz}`;
}

function results(data: NonNullable<TransactionsPageProps['data']>, query: Record<string, string>): Html {
  const { from, to, tz, campaign, reward, status, back } = query;
  const filters = { from, to, tz, campaign, reward, status };
  const here = (change: Record<string, string | number | undefined>) =>
    `/transactions${queryString({ ...filters, sort: query.sort, limit: query.limit, back, ...change })}`;
  const sorted = (key: string) =>
    sortHeader<TransactionRow>(key, data.table.sort, (sort) => here({ sort, offset: undefined }));
  const pages = pagination({
    noun: 'transactions',
    total: data.total,
    limit: data.table.limit,
    offset: data.table.offset,
    href: (offset, limit) => here({ limit, offset: offset === 0 ? undefined : offset }),
  });
  const zone = data.params.tz;
  return html`<div class="table-tools">${pages}</div>
    ${
      data.rows.length === 0
        ? data.total === 0
          ? noRows({
              what: 'transactions',
              filtered: isFiltered(query, ['campaign', 'reward', 'status', 'from', 'to']),
              unfilteredHref: `/transactions${queryString({ tz: query.tz })}`,
            })
          : emptyState('This page is past the last one.')
        : dataTable({
            id: 'transactions',
            caption: `${scope(data.params)}; select a heading to sort.`,
            rows: data.rows,
            columns: [
              {
                label: 'Transaction',
                numeric: true,
                rowHeader: true,
                cell: (row) => String(row.transaction_id),
                sort: sorted('transaction_id'),
              },
              { label: 'Status', cell: (row) => row.status, sort: sorted('status') },
              {
                label: `Updated (${zone})`,
                cell: (row) => localTime(row.updated_at, zone),
                sort: sorted('updated_at'),
              },
              {
                label: 'Reward',
                numeric: true,
                cell: (row) =>
                  html`<a
                    href="${`/transactions${queryString({ tz, reward: String(row.reward_campaign_id), back: here({}) })}`}"
                    >${String(row.reward_campaign_id)}</a
                  >`,
                sort: sorted('reward_campaign_id'),
              },
              { label: 'Reward name', cell: (row) => row.reward_name, sort: sorted('reward_name') },
              {
                label: 'Campaign',
                numeric: true,
                cell: (row) =>
                  html`<a
                    href="${`/transactions${queryString({ tz, campaign: String(row.campaign_id), back: here({}) })}`}"
                    >${String(row.campaign_id)}</a
                  >`,
                sort: sorted('campaign_id'),
              },
              { label: 'Campaign name', cell: (row) => row.campaign_name, sort: sorted('campaign_name') },
            ],
          })
    }`;
}

export function transactionsPage(props: TransactionsPageProps): Html {
  const { query } = props;
  const form = filterForm({
    action: '/transactions',
    label: 'Transaction filters',
    fields: [
      textField({ name: 'campaign', label: 'Campaign', value: query.campaign, placeholder: 'any', size: 8 }),
      textField({ name: 'reward', label: 'Reward', value: query.reward, placeholder: 'any', size: 8 }),
      textField({ name: 'status', label: 'Status', value: query.status, placeholder: 'any', size: 10 }),
      dateField({ name: 'from', label: 'From (local)', value: query.from }),
      dateField({ name: 'to', label: 'To (local, included)', value: query.to }),
      timeZoneField(query.tz, props.configuredTimeZone),
    ],
    back: query.back,
  });
  const current = props.data ? scope(props.data.params) : 'Reward transactions';
  return html`${breadcrumbs(query.back, current)}
    <p class="note">
      The reward transactions behind a figure: a heatmap cell of the Engagement page (a campaign's
      transactions of any status in one local hour) or a row of the Weekly page (a reward's redemptions in one
      week).
    </p>
    ${form}
    ${datePresetLinks({ action: '/transactions', query, presets: datePresets(props.dataPeriod?.last_transaction_date ?? null, {}) })}
    ${props.error ? errorMessage(props.error) : ''} ${props.data ? results(props.data, query) : ''}`;
}
