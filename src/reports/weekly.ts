import type { Database, Int8 } from '../db/database.js';
import type { WeeklyParams } from './params.js';
import type { ReportStatement } from './report-page.js';
import type { ReportRun } from './report-run.js';
import { streamReportSql } from './run-sql.js';

/** One reward's redemptions in one local week, against the previous calendar week. */
export interface WeeklyRow {
  reward_campaign_id: number;
  reward_name: string;
  /** The week's first day, YYYY-MM-DD (a Monday, or a Sunday with weekStart sunday). */
  week: string;
  reward_redeemed_count: number;
  /** Percent change from the previous calendar week, 2 places; null when that week had 0 or is absent. */
  percentage_difference: number | null;
}

export const weeklyColumns = [
  'reward_campaign_id',
  'reward_name',
  'week',
  'reward_redeemed_count',
  'percentage_difference',
] as const satisfies readonly (keyof WeeklyRow)[];

/** The named values weekly.sql takes; `reward` shows one reward's weeks (a drill-down). */
export function weeklyValues(params: WeeklyParams, reward?: Int8): Record<string, unknown> {
  return {
    tz: params.tz,
    week_start: params.weekStart,
    from_date: params.from?.start.slice(0, 10) ?? null,
    to_date: params.to?.start.slice(0, 10) ?? null,
    reward_campaign_id: reward ?? null,
  };
}

/** The statement behind weeklyRedemptions: the stored run's rows when one matches, else the report. */
export function weeklyStatement(params: WeeklyParams, run?: ReportRun, reward?: Int8): ReportStatement {
  const values = weeklyValues(params, reward);
  if (run) {
    const { from_date, to_date, reward_campaign_id } = values;
    return {
      file: 'stored-weekly.sql',
      values: { report_run_id: run.result_run_id, from_date, to_date, reward_campaign_id },
    };
  }
  return { file: 'weekly.sql', values };
}

/**
 * Weekly redemptions per reward, ordered by reward id and week. The range picks the weeks shown; it
 * never changes a week's count or percentage. Given a stored run that matches, reads its rows.
 */
export function weeklyRedemptions(
  database: Database,
  params: WeeklyParams,
  run?: ReportRun,
): AsyncIterable<WeeklyRow> {
  const statement = weeklyStatement(params, run);
  return streamReportSql<WeeklyRow>(database, statement.file, statement.values);
}
