import { readFile } from 'node:fs/promises';
import type { Int8 } from '../../db/database.js';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import {
  engagementColumns,
  engagementPeaksStatement,
  reportPage,
  type ReportPage,
  engagementMatrix,
  engagementParamsSchema,
  engagementPeaks,
  storedRunFor,
  type EngagementCell,
  type EngagementParams,
  type EngagementRow,
  type ReportRun,
} from '../../reports/index.js';
import type { TablePage } from '../params/table-page.js';
import { collect } from './collect.js';
import { parseReportQuery } from './report-query.js';

const campaignChoicesSql = await readFile(new URL('./campaign-choices.sql', import.meta.url), 'utf8');

export const engagementQueryNames = ['from', 'to', 'tz', 'campaign'] as const;

export function parseEngagementQuery(query: Record<string, string>, config: Config): EngagementParams {
  return parseReportQuery(engagementParamsSchema, query, config);
}

export interface CampaignChoice {
  id: Int8;
  name: string;
}

export interface EngagementData {
  params: EngagementParams;
  run: ReportRun | undefined;
  peaks: EngagementRow[];
  /** The campaign whose date-by-hour matrix is drawn: the one asked for, else the busiest one. */
  matrixCampaign: CampaignChoice | null;
  matrix: EngagementCell[];
  /** The page of the peak table, when one was asked for: sorted and paged in the database. */
  table?: ReportPage<EngagementRow> & { page: TablePage };
}

/** The peak table's page size unless the request says otherwise. */
export const defaultPeakPageSize = 25;

export function campaignChoices(database: Database): Promise<CampaignChoice[]> {
  return database.query<CampaignChoice>(campaignChoicesSql);
}

/** The peaks (stored when the request matches `perx report all`) and one campaign's heatmap matrix. */
export async function loadEngagement(
  database: Database,
  params: EngagementParams,
  page?: TablePage,
): Promise<EngagementData> {
  const run = await storedRunFor(database, 'engagement', params);
  const peaks = await collect(engagementPeaks(database, params, run));
  const busiest = peaks[0];
  let matrixCampaign: CampaignChoice | null = null;
  if (params.campaign !== undefined) {
    const named = peaks.find((peak) => peak.campaign_id === params.campaign);
    matrixCampaign = { id: params.campaign, name: named?.campaign_name ?? '' };
  } else if (busiest) {
    matrixCampaign = { id: busiest.campaign_id, name: busiest.campaign_name };
  }
  const matrix = matrixCampaign
    ? await engagementMatrix(database, { ...params, campaign: matrixCampaign.id })
    : [];
  if (!page) return { params, run, peaks, matrixCampaign, matrix };
  const statement = engagementPeaksStatement(params, run);
  const table = await reportPage<EngagementRow>(database, statement, engagementColumns, page);
  return { params, run, peaks, matrixCampaign, matrix, table: { ...table, page } };
}

/** The parameters as the request gave them, for a JSON envelope. */
export function describeEngagementParams(params: EngagementParams): Record<string, unknown> {
  return {
    tz: params.tz,
    from: params.from?.text ?? null,
    to: params.to?.text ?? null,
    campaign: params.campaign ?? null,
  };
}
