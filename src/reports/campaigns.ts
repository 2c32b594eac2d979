import type { Database } from '../db/database.js';
import type { CampaignParams } from './params.js';
import type { ReportStatement } from './report-page.js';
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

/**
 * The statement behind campaignPerformance: a campaigns run's rows, or a sessions run of the same gap,
 * whose sessions starting in the range it counts, or the report over the log.
 */
export function campaignStatement(params: CampaignParams, run?: ReportRun): ReportStatement {
  if (run?.report === 'campaigns') {
    return { file: 'stored-campaigns.sql', values: { report_run_id: run.result_run_id } };
  }
  if (run?.report === 'sessions') {
    return {
      file: 'stored-session-campaigns.sql',
      values: {
        report_run_id: run.result_run_id,
        tz: params.tz,
        from_local: params.from?.start ?? null,
        to_local_end: params.to?.end ?? null,
      },
    };
  }
  return { file: 'campaigns.sql', values: campaignValues(params) };
}

/**
 * Campaign performance by campaign id. Given a stored run that answers the request (storedRunFor), reads
 * it instead of the log: a campaigns run's rows, or a sessions run of the same gap, whose sessions
 * starting in the range it counts.
 */
export function campaignPerformance(
  database: Database,
  params: CampaignParams,
  run?: ReportRun,
): AsyncIterable<CampaignRow> {
  const statement = campaignStatement(params, run);
  return streamReportSql<CampaignRow>(database, statement.file, statement.values);
}
