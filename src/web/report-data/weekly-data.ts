import type { Config } from '../../config/config.js';
import { z } from 'zod';
import type { Database, Int8 } from '../../db/database.js';
import { idParam } from '../../reports/params.js';
import { parseQuery } from '../params/parse-query.js';
import type { TablePage } from '../params/table-page.js';
import {
  reportPage,
  weeklyColumns,
  weeklyStatement,
  type ReportPage,
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
  /** The page of the table, when one was asked for: sorted and paged in the database. */
  table?: ReportPage<WeeklyRow> & { page: TablePage };
}

/** What the Weekly page charts: the top rewards by redemptions, or the one picked. */
export interface WeeklyChartChoice {
  /** How many of the rewards with the most redemptions in the shown weeks are charted. */
  top: number;
  /** One reward, charted and tabulated alone. */
  reward?: Int8 | undefined;
}

export const topRewardChoices = [5, 10, 20] as const;
export const defaultTopRewards = 10;
export const defaultWeeklyPageSize = 50;

const wholeNumberText = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

const chartChoiceSchema = z.object({
  top: z.preprocess(
    (value) => (value === '' || value === undefined ? defaultTopRewards : wholeNumberText(value)),
    z.union(
      topRewardChoices.map((choice) => z.literal(choice)),
      { error: `expected one of ${topRewardChoices.join(', ')}` },
    ),
  ),
  reward: idParam,
});

export function parseWeeklyChartChoice(query: Readonly<Record<string, string>>): WeeklyChartChoice {
  return parseQuery(chartChoiceSchema, { top: query.top, reward: query.reward });
}

/** Weekly redemptions, read from the stored run when the zone and week start match it. */
export async function loadWeekly(
  database: Database,
  params: WeeklyParams,
  page?: TablePage,
  reward?: Int8,
): Promise<WeeklyData> {
  const run = await storedRunFor(database, 'weekly', params);
  const rows = await collect(weeklyRedemptions(database, params, run));
  if (!page) return { params, run, rows };
  const statement = weeklyStatement(params, run, reward);
  const table = await reportPage<WeeklyRow>(database, statement, weeklyColumns, page);
  return { params, run, rows, table: { ...table, page } };
}

export function describeWeeklyParams(params: WeeklyParams): Record<string, unknown> {
  return {
    tz: params.tz,
    from: params.from?.text ?? null,
    to: params.to?.text ?? null,
    week_start: params.weekStart,
  };
}
