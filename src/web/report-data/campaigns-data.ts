import type { Config } from '../../config/config.js';
import {
  campaignColumns,
  campaignParamsSchema,
  campaignPerformance,
  campaignStatement,
  reportPage,
  type ReportPage,
  type CampaignParams,
  type CampaignRow,
  type ReportRun,
} from '../../reports/index.js';
import type { TablePage } from '../params/table-page.js';
import type { LiveComputation } from '../live/live-computations.js';
import type { WebContext } from '../web-context.js';
import { collect } from './collect.js';
import { campaignChoices } from './engagement-data.js';
import { runFor } from './live-run.js';
import { parseReportQuery } from './report-query.js';

export const campaignQueryNames = ['from', 'to', 'tz', 'gap'] as const;

export function parseCampaignQuery(query: Record<string, string>, config: Config): CampaignParams {
  return parseReportQuery(campaignParamsSchema, query, config);
}

export interface CampaignsData {
  params: CampaignParams;
  run: ReportRun;
  rows: CampaignRow[];
  /** The names campaign.csv gives, by id as text (ids may be bigints); a viewed campaign may have none. */
  campaignNames: ReadonlyMap<string, string>;
  /** The page of the table, when one was asked for: sorted and paged in the database. */
  table?: ReportPage<CampaignRow> & { page: TablePage };
}

/** The sessions of this gap are being computed: how far along, instead of rows. */
export interface CampaignsComputing {
  params: CampaignParams;
  computing: LiveComputation;
}

/**
 * Campaign performance: the stored figures of `perx report all` when the request has no range and the
 * same gap; otherwise counted from the stored sessions of its gap, or how far along their computation is.
 */
export async function loadCampaigns(
  context: Pick<WebContext, 'database' | 'live'>,
  params: CampaignParams,
  page?: TablePage,
): Promise<CampaignsData | CampaignsComputing> {
  const found = await runFor(context, 'campaigns', params);
  if ('computing' in found) return { params, computing: found.computing };
  const rows = await collect(campaignPerformance(context.database, params, found.run));
  const campaignNames = new Map(
    (await campaignChoices(context.database)).map((campaign) => [String(campaign.id), campaign.name]),
  );
  if (!page) return { params, run: found.run, rows, campaignNames };
  const statement = campaignStatement(params, found.run);
  const table = await reportPage<CampaignRow>(context.database, statement, campaignColumns, page);
  return { params, run: found.run, rows, campaignNames, table: { ...table, page } };
}

/** The campaign table's page size unless the request says otherwise. */
export const defaultCampaignPageSize = 50;

export function describeCampaignParams(params: CampaignParams): Record<string, unknown> {
  return { tz: params.tz, from: params.from?.text ?? null, to: params.to?.text ?? null, gap: params.gap };
}
