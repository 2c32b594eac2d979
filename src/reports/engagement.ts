import type { Database, Int8 } from '../db/database.js';
import type { EngagementParams } from './params.js';
import type { ReportStatement } from './report-page.js';
import type { ReportRun } from './report-run.js';
import { queryReportSql, streamReportSql } from './run-sql.js';

/** A campaign's busiest local hour in the range; a campaign has several rows when hours tie. */
export interface EngagementRow {
  campaign_id: Int8;
  campaign_name: string;
  no_of_transactions: number;
  /** Local date in the reporting zone, YYYY-MM-DD. */
  date: string;
  /** Local hour in the reporting zone, HH:00. */
  time: string;
}

/** One cell of the local date-by-hour matrix. */
export interface EngagementCell {
  date: string;
  /** 0 to 23. */
  hour: number;
  no_of_transactions: number;
}

export const engagementColumns = [
  'campaign_id',
  'campaign_name',
  'no_of_transactions',
  'date',
  'time',
] as const satisfies readonly (keyof EngagementRow)[];

export const engagementMatrixColumns = [
  'date',
  'hour',
  'no_of_transactions',
] as const satisfies readonly (keyof EngagementCell)[];

/** The named values engagement.sql and engagement-matrix.sql take. */
export function engagementValues(params: EngagementParams): Record<string, unknown> {
  return {
    tz: params.tz,
    from_local: params.from?.start ?? null,
    to_local_end: params.to?.end ?? null,
    campaign_id: params.campaign ?? null,
  };
}

/** The statement behind engagementPeaks: the stored run's rows when one matches, else the report. */
export function engagementPeaksStatement(params: EngagementParams, run?: ReportRun): ReportStatement {
  if (run) {
    return {
      file: 'stored-engagement.sql',
      values: { report_run_id: run.result_run_id, campaign_id: params.campaign ?? null },
    };
  }
  return { file: 'engagement.sql', values: engagementValues(params) };
}

/**
 * Peak engagement per campaign, ordered by count descending, then campaign id, date and hour. Given a
 * stored run that matches (see storedRunFor), reads its rows instead of computing.
 */
export function engagementPeaks(
  database: Database,
  params: EngagementParams,
  run?: ReportRun,
): AsyncIterable<EngagementRow> {
  const statement = engagementPeaksStatement(params, run);
  return streamReportSql<EngagementRow>(database, statement.file, statement.values);
}

/** The full local date-by-hour matrix for the campaign (all campaigns when none), for a heatmap. */
export function engagementMatrix(database: Database, params: EngagementParams): Promise<EngagementCell[]> {
  return queryReportSql<EngagementCell>(database, 'engagement-matrix.sql', engagementValues(params));
}
