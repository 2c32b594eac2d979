import type { Database } from '../db/database.js';
import type { ReportRun } from './report-run.js';
import { queryReportSql } from './run-sql.js';

/** One local day of a sessions run (session-trend.sql). */
export interface SessionTrendDay {
  /** YYYY-MM-DD in the zone asked for. */
  day: string;
  sessions: number;
  views: number;
  issues: number;
  driven_sessions: number;
}

/** Sessions, views, issues and driven sessions per local day of a stored (or live) sessions run. */
export function sessionTrend(
  database: Database,
  run: ReportRun,
  timeZone: string,
): Promise<SessionTrendDay[]> {
  return queryReportSql<SessionTrendDay>(database, 'session-trend.sql', {
    report_run_id: run.id,
    tz: timeZone,
  });
}
