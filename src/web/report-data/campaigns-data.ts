import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import {
  campaignParamsSchema,
  campaignPerformance,
  storedRunFor,
  type CampaignParams,
  type CampaignRow,
  type ReportRun,
} from '../../reports/index.js';
import { collect } from './collect.js';
import { parseReportQuery } from './report-query.js';

export const campaignQueryNames = ['from', 'to', 'tz', 'gap'] as const;

export function parseCampaignQuery(query: Record<string, string>, config: Config): CampaignParams {
  return parseReportQuery(campaignParamsSchema, query, config);
}

export interface CampaignsData {
  params: CampaignParams;
  run: ReportRun | undefined;
  rows: CampaignRow[];
}

/** Campaign performance, from the stored run when the request has no range and the same gap. */
export async function loadCampaigns(database: Database, params: CampaignParams): Promise<CampaignsData> {
  const run = await storedRunFor(database, 'campaigns', params);
  return { params, run, rows: await collect(campaignPerformance(database, params, run)) };
}

export function describeCampaignParams(params: CampaignParams): Record<string, unknown> {
  return { tz: params.tz, from: params.from?.text ?? null, to: params.to?.text ?? null, gap: params.gap };
}
