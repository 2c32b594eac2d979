import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import {
  storedRunFor,
  weeklyParamsSchema,
  weeklyRedemptions,
  type ReportRun,
  type WeeklyParams,
  type WeeklyRow,
} from '../../reports/index.js';
import { collect } from './collect.js';
import { parseReportQuery } from './report-query.js';

export const weeklyQueryNames = ['from', 'to', 'tz', 'week_start'] as const;

/** URL names that differ from the schema's keys: URLs and JSON answers are snake_case. */
export const weeklyUrlNames: Readonly<Record<string, string>> = { week_start: 'weekStart' };

export function parseWeeklyQuery(query: Record<string, string>, config: Config): WeeklyParams {
  return parseReportQuery(weeklyParamsSchema, query, config, weeklyUrlNames);
}

export interface WeeklyData {
  params: WeeklyParams;
  run: ReportRun | undefined;
  rows: WeeklyRow[];
}

/** Weekly redemptions, read from the stored run when the zone and week start match it. */
export async function loadWeekly(database: Database, params: WeeklyParams): Promise<WeeklyData> {
  const run = await storedRunFor(database, 'weekly', params);
  return { params, run, rows: await collect(weeklyRedemptions(database, params, run)) };
}

export function describeWeeklyParams(params: WeeklyParams): Record<string, unknown> {
  return {
    tz: params.tz,
    from: params.from?.text ?? null,
    to: params.to?.text ?? null,
    week_start: params.weekStart,
  };
}
