import type { Database } from '../db/database.js';
import type { CampaignParams } from './params.js';
import type { ReportRun } from './report-run.js';
import { streamReportSql } from './run-sql.js';

/** How one campaign's views turned into reward issues, over the sessions starting in the range. */
export interface CampaignRow {
  campaign_id: number;
  views: number;
  unique_viewers: number;
  sessions_with_view: number;
  driven_issues: number;
  driven_sessions: number;
  /** driven_sessions / sessions_with_view, 4 places. */
  conversion: number;
}

export const campaignColumns = [
  'campaign_id',
  'views',
  'unique_viewers',
  'sessions_with_view',
  'driven_issues',
  'driven_sessions',
  'conversion',
] as const satisfies readonly (keyof CampaignRow)[];

/** The named values campaigns.sql takes. */
export function campaignValues(params: CampaignParams): Record<string, unknown> {
  return {
    tz: params.tz,
    gap_seconds: params.gap,
    from_local: params.from?.start ?? null,
    to_local_end: params.to?.end ?? null,
  };
}

/** Campaign performance by campaign id. Given a stored run that matches, reads its rows instead. */
export function campaignPerformance(
  database: Database,
  params: CampaignParams,
  run?: ReportRun,
): AsyncIterable<CampaignRow> {
  return run
    ? streamReportSql<CampaignRow>(database, 'stored-campaigns.sql', { report_run_id: run.result_run_id })
    : streamReportSql<CampaignRow>(database, 'campaigns.sql', campaignValues(params));
}
