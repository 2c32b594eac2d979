import { performance } from 'node:perf_hooks';
import type { Database } from '../db/database.js';
import { campaignValues } from './campaigns.js';
import { engagementValues } from './engagement.js';
import { compileNamedSql, reportSql } from './named-sql.js';
import {
  campaignParamsSchema,
  engagementParamsSchema,
  sessionParamsSchema,
  weeklyParamsSchema,
  type CampaignParams,
  type EngagementParams,
  type SessionParams,
  type WeeklyParams,
} from './params.js';
import { latestIngestRunId, latestReportRun, type ReportName, type ReportRun } from './report-run.js';
import { sessionValues } from './sessions.js';
import { weeklyValues } from './weekly.js';

/**
 * `perx report all`: every report computed with its default parameters inside the database (INSERT ...
 * SELECT over the very SQL the live reports run) and stored with a report run per report, in one
 * transaction, so readers see all four old results or all four new ones.
 *
 * Defaults: the reporting zone, no range (engagement peaks over every transaction, weekly over every
 * week, sessions and campaigns over every session), weeks starting Monday, a 300 s session gap. Only the
 * newest run's result rows are kept; older runs keep their report_run row as history.
 */
export interface ComputeAllOptions {
  /** The reporting zone; default Asia/Singapore. */
  tz?: string;
  /** The session gap in seconds; default 300. */
  gap?: number;
}

export interface ReportParams {
  engagement: EngagementParams;
  weekly: WeeklyParams;
  sessions: SessionParams;
  campaigns: CampaignParams;
}

export function defaultReportParams(options: ComputeAllOptions = {}): ReportParams {
  const common = { tz: options.tz, gap: options.gap };
  return {
    engagement: engagementParamsSchema.parse({ tz: options.tz }),
    weekly: weeklyParamsSchema.parse({ tz: options.tz }),
    sessions: sessionParamsSchema.parse(common),
    campaigns: campaignParamsSchema.parse(common),
  };
}

/** The parameters a run records: the ones that decide its rows, with null for "not given". */
function storedParams(report: ReportName, params: ReportParams): Record<string, unknown> {
  switch (report) {
    case 'engagement':
      return { tz: params.engagement.tz, from: null, to: null, campaign: null };
    case 'weekly':
      return { tz: params.weekly.tz, weekStart: params.weekly.weekStart };
    case 'sessions':
      return { gap: params.sessions.gap };
    case 'campaigns':
      return { tz: params.campaigns.tz, gap: params.campaigns.gap, from: null, to: null };
  }
}

interface StoredReport {
  report: ReportName;
  table: string;
  sqlFile: string;
  /** The result table's columns after report_run_id, and the report's output expressions filling them. */
  columns: readonly string[];
  select: string;
  values(params: ReportParams): Record<string, unknown>;
}

const storedReports: readonly StoredReport[] = [
  {
    report: 'engagement',
    table: 'report_engagement',
    sqlFile: 'engagement.sql',
    columns: ['campaign_id', 'campaign_name', 'no_of_transactions', 'date', 'time'],
    select: 'campaign_id, campaign_name, no_of_transactions, date::date, time',
    values: (params) => engagementValues(params.engagement),
  },
  {
    report: 'weekly',
    table: 'report_weekly',
    sqlFile: 'weekly.sql',
    columns: ['reward_campaign_id', 'reward_name', 'week', 'reward_redeemed_count', 'percentage_difference'],
    select: 'reward_campaign_id, reward_name, week::date, reward_redeemed_count, percentage_difference',
    values: (params) => weeklyValues(params.weekly),
  },
  {
    report: 'sessions',
    table: 'report_session',
    sqlFile: 'sessions.sql',
    columns: [
      'user_id',
      'session_start',
      'session_end',
      'campaigns',
      'rewards_issued',
      'reward_driven_by_campaign_view',
      'driven_rewards',
    ],
    select:
      'user_id, session_start, session_end, campaigns, rewards_issued, reward_driven_by_campaign_view, driven_rewards',
    values: (params) => sessionValues(params.sessions, { unpaged: true }),
  },
  {
    report: 'campaigns',
    table: 'report_campaign',
    sqlFile: 'campaigns.sql',
    columns: [
      'campaign_id',
      'views',
      'unique_viewers',
      'sessions_with_view',
      'driven_issues',
      'driven_sessions',
      'conversion',
    ],
    select:
      'campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions, conversion',
    values: (params) => campaignValues(params.campaigns),
  },
];

/** Serializes concurrent `report all` runs on a PostgreSQL server; PGlite has one connection anyway. */
const reportAllLockKey = 7450262;

async function storeReport(
  tx: Database,
  stored: StoredReport,
  params: ReportParams,
  ingestRunId: number | null,
): Promise<ReportRun> {
  const started = performance.now();
  const [created] = await tx.query<{ id: number }>(
    `INSERT INTO report_run (report, params, ingest_run_id, row_count, duration_ms)
     VALUES ($1, $2, $3, 0, 0) RETURNING id`,
    [stored.report, JSON.stringify(storedParams(stored.report, params)), ingestRunId],
  );
  if (!created) throw new Error(`could not create a ${stored.report} report run`);
  const report = await reportSql(stored.sqlFile);
  // The report's own SQL, wrapped; its text ends on its own line so a trailing comment cannot swallow ")".
  const insert = compileNamedSql(
    `WITH stored AS (
       INSERT INTO ${stored.table} (report_run_id, ${stored.columns.join(', ')})
       SELECT :report_run_id::integer, ${stored.select}
       FROM (\n${report.source}\n) AS report
       RETURNING 1
     )
     SELECT count(*) AS row_count FROM stored`,
    `${stored.sqlFile} stored in ${stored.table}`,
  );
  const [inserted] = await tx.query<{ row_count: number }>(
    insert.text,
    insert.bind({ ...stored.values(params), report_run_id: created.id }),
  );
  await tx.query(`DELETE FROM ${stored.table} WHERE report_run_id <> $1`, [created.id]);
  const durationMs = Math.round(performance.now() - started);
  const [run] = await tx.query<ReportRun>(
    `UPDATE report_run SET row_count = $2, duration_ms = $3 WHERE id = $1
     RETURNING id, report, params, ingest_run_id, computed_at, row_count, duration_ms`,
    [created.id, inserted?.row_count ?? 0, durationMs],
  );
  if (!run) throw new Error(`report run ${created.id} vanished`);
  return run;
}

/** Computes and stores all four reports; returns their runs in the order engagement, weekly, sessions, campaigns. */
export async function computeAllReports(
  database: Database,
  options: ComputeAllOptions = {},
): Promise<ReportRun[]> {
  const params = defaultReportParams(options);
  return database.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [reportAllLockKey]);
    const ingestRunId = await latestIngestRunId(tx);
    const runs: ReportRun[] = [];
    for (const stored of storedReports) runs.push(await storeReport(tx, stored, params, ingestRunId));
    return runs;
  });
}

/**
 * The stored run that answers a request exactly, or undefined when it must be computed live: the
 * newest run of the report, computed from the newest succeeded ingest, whose rows the request only
 * filters, sorts or pages. That is: engagement with no range and the same zone (a campaign picks rows);
 * weekly with the same zone and week start (the dates pick weeks); sessions with the same gap (user,
 * range, driven, sort and paging pick rows); campaigns with no range and the same gap.
 */
export async function storedRunFor<Report extends ReportName>(
  database: Database,
  report: Report,
  params: ReportParams[Report],
): Promise<ReportRun | undefined> {
  const run = await latestReportRun(database, report);
  if (!run || run.ingest_run_id !== (await latestIngestRunId(database))) return undefined;
  const stored = run.params;
  const requested = params as Partial<SessionParams & WeeklyParams & EngagementParams & CampaignParams>;
  const noRange = requested.from === undefined && requested.to === undefined;
  switch (report) {
    case 'engagement':
      return noRange && stored.tz === requested.tz ? run : undefined;
    case 'weekly':
      return stored.tz === requested.tz && stored.weekStart === requested.weekStart ? run : undefined;
    case 'sessions':
      return stored.gap === requested.gap ? run : undefined;
    case 'campaigns':
      return noRange && stored.gap === requested.gap ? run : undefined;
  }
  return undefined;
}
