import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Database } from '../db/database.js';
import { csvDataTables, dataTables, lockDataTablesSql } from '../db/data-tables.js';
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
import {
  latestIngestRunId,
  latestReportRun,
  removeReportRuns,
  reportRunColumns,
  type ReportName,
  type ReportRun,
} from './report-run.js';
import { liveSessionsRun } from './live-sessions.js';
import { removeEarlierSessions, storeSessions } from './session-store.js';
import { queryReportSql } from './run-sql.js';
import { tuneReportTransaction } from './statement-settings.js';
import { vacuumLogWhenNeeded } from './user-partitions.js';
import { weeklyValues } from './weekly.js';

/**
 * `perx report all`: every report computed with its default parameters inside the database and stored
 * with a report run per report, published in one transaction, so readers see all four old results or all
 * four new ones.
 *
 * Defaults: the reporting zone, no range (engagement peaks over every transaction, weekly over every
 * week, sessions and campaigns over every session), weeks starting Monday, a 300 s session gap. Only the
 * newest result rows are kept; older runs keep their report_run row as history.
 *
 * Sessions are the large part (session-store.ts): computed in user ranges, on several connections at once
 * on a PostgreSQL server, or, after `perx ingest --append`, brought up to date by recomputing only what the
 * appended requests can change. Campaign performance is then added up from the stored sessions.
 */
export interface ComputeAllOptions {
  /** The reporting zone; default Asia/Singapore. */
  tz?: string;
  /** The session gap in seconds; default 300. */
  gap?: number;
  /**
   * Connections computing sessions at once on a PostgreSQL server: default one per core of this machine,
   * at most 3 (the pool holds 4, one of which publishes). PGlite has one connection.
   */
  jobs?: number;
  /** User ranges a full computation of the sessions is split into; by default chosen by the log's size. */
  partitions?: number;
  /**
   * Compute every report again: every session even when the stored ones could be brought up to date, and
   * engagement and weekly even when no ingest changed the tables they read.
   */
  full?: boolean;
  /**
   * Bring the stored sessions up to date only while the new requests reach at most this share of them
   * (default a quarter); past it, computing everything on every job costs less.
   */
  maxRecomputeShare?: number;
  /** Told as each report starts (`computing sessions (3 of 4)`), for progress on a terminal. */
  onPhase?: (line: string) => void;
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

/** The most session jobs: the pool of a PostgreSQL database holds 4 connections, one of them publishing. */
export const maxSessionJobs = 3;

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

/** A report stored by INSERT ... SELECT over one SQL file: everything but the sessions. */
interface StoredReport {
  report: Exclude<ReportName, 'sessions'>;
  table: string;
  sqlFile: string;
  /** The result table's columns after report_run_id, and the report's output expressions filling them. */
  columns: readonly string[];
  select: string;
  values(params: ReportParams): Record<string, unknown>;
  /** How the rows are computed, for report_run.computation. */
  computation: Record<string, unknown>;
}

const engagementReport: StoredReport = {
  report: 'engagement',
  table: 'report_engagement',
  sqlFile: 'engagement.sql',
  columns: ['campaign_id', 'campaign_name', 'no_of_transactions', 'date', 'time'],
  select: 'campaign_id, campaign_name, no_of_transactions, date_from_iso(date), time',
  values: (params) => engagementValues(params.engagement),
  computation: { mode: 'full' },
};

const weeklyReport: StoredReport = {
  report: 'weekly',
  table: 'report_weekly',
  sqlFile: 'weekly.sql',
  columns: ['reward_campaign_id', 'reward_name', 'week', 'reward_redeemed_count', 'percentage_difference'],
  select:
    'reward_campaign_id, reward_name, date_from_iso(week), reward_redeemed_count, percentage_difference',
  values: (params) => weeklyValues(params.weekly),
  computation: { mode: 'full' },
};

const campaignColumns = [
  'campaign_id',
  'views',
  'unique_viewers',
  'sessions_with_view',
  'driven_issues',
  'driven_sessions',
  'conversion',
];

/**
 * Campaign performance follows the stored sessions: after a full computation, the totals its user ranges
 * added up (store-campaigns.sql); after sessions brought up to date, the previous totals changed by what
 * the recomputed users changed (store-campaigns-incremental.sql). Either gives the totals campaigns.sql
 * makes of the same sessions.
 */
function campaignReport(sessions: ReportRun, previous: ReportRun | undefined): StoredReport {
  const change = sessions.computation?.mode === 'incremental';
  return {
    report: 'campaigns',
    table: 'report_campaign',
    sqlFile: change ? 'store-campaigns-incremental.sql' : 'store-campaigns.sql',
    columns: campaignColumns,
    select: campaignColumns.join(', '),
    values: () =>
      change ? { previous_run_id: previous?.result_run_id ?? null } : { sessions_run_id: sessions.id },
    computation: { mode: change ? 'changed' : 'summed', sessions_run_id: sessions.id },
  };
}

/** Serializes concurrent `report all` runs on a PostgreSQL server; PGlite has one connection anyway. */
const reportAllLockKey = 7450262;

/**
 * On PostgreSQL, keeps the inputs still until the reports are published: SHARE mode lets every reader
 * through but no ingest, which appends rows or publishes new tables; so the session ranges, computed on
 * other connections, and the reports computed here all read the same data. The tables are locked in the
 * order an ingest locks them to publish (data-tables.ts), so the two cannot each hold a table the other
 * waits for.
 */
const holdInputsSql = lockDataTablesSql(dataTables, 'SHARE');

/**
 * The previous run of an engagement or weekly report whose rows still stand: one with the same parameters,
 * computed from data whose CSV tables no ingest has changed since (csv-tables-changed.sql); after an
 * append of log files only, recomputing them would give the same rows.
 */
async function standingRun(
  tx: Database,
  stored: StoredReport,
  params: ReportParams,
  ingestRunId: number | null,
  full: boolean,
): Promise<ReportRun | undefined> {
  if (full || stored.report === 'campaigns' || ingestRunId === null) return undefined;
  const previous = await latestReportRun(tx, stored.report);
  if (!previous || previous.ingest_run_id === null || previous.ingest_run_id > ingestRunId) return undefined;
  const wanted = storedParams(stored.report, params);
  const same = Object.entries(wanted).every(
    ([name, value]) => JSON.stringify(previous.params[name] ?? null) === JSON.stringify(value),
  );
  if (!same || Object.keys(previous.params).length !== Object.keys(wanted).length) return undefined;
  const [tables] = await queryReportSql<{ changed: boolean }>(tx, 'csv-tables-changed.sql', {
    since_ingest_run_id: previous.ingest_run_id,
    ingest_run_id: ingestRunId,
    csv_files: csvDataTables.map((table) => `${table}.csv`),
  });
  return tables?.changed === false ? previous : undefined;
}

async function storeReport(
  tx: Database,
  stored: StoredReport,
  params: ReportParams,
  ingestRunId: number | null,
  full = false,
): Promise<ReportRun> {
  const started = performance.now();
  const standing = await standingRun(tx, stored, params, ingestRunId, full);
  const [created] = await tx.query<{ id: number }>(
    `INSERT INTO report_run (report, params, ingest_run_id, row_count, duration_ms)
     VALUES ($1, $2, $3, 0, 0) RETURNING id`,
    [stored.report, JSON.stringify(storedParams(stored.report, params)), ingestRunId],
  );
  if (!created) throw new Error(`could not create a ${stored.report} report run`);
  const rowCount = standing
    ? await moveRows(tx, stored, standing, created.id)
    : await insertRows(tx, stored, params, created.id);
  await tx.query(`DELETE FROM ${stored.table} WHERE report_run_id <> $1`, [created.id]);
  const durationMs = Math.round(performance.now() - started);
  const computation = standing ? { mode: 'kept', from_run_id: standing.id } : stored.computation;
  const [run] = await tx.query<ReportRun>(
    `UPDATE report_run SET row_count = $2, duration_ms = $3, computation = $4 WHERE id = $1
     RETURNING ${reportRunColumns}`,
    [created.id, rowCount, durationMs, JSON.stringify(computation)],
  );
  if (!run) throw new Error(`report run ${created.id} vanished`);
  return run;
}

/** The report's rows, computed by its own SQL, stored as rows of run `runId`; returns how many. */
async function insertRows(
  tx: Database,
  stored: StoredReport,
  params: ReportParams,
  runId: number,
): Promise<number> {
  const report = await reportSql(stored.sqlFile, tx);
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
    insert.bind({ ...stored.values(params), report_run_id: runId }),
  );
  return inserted?.row_count ?? 0;
}

/**
 * The rows of `standing` moved over to run `runId`: the same rows a computation would store, without
 * reading the tables again; returns how many.
 */
async function moveRows(
  tx: Database,
  stored: StoredReport,
  standing: ReportRun,
  runId: number,
): Promise<number> {
  const [moved] = await tx.query<{ row_count: number }>(
    `WITH moved AS (
       UPDATE ${stored.table} SET report_run_id = $1 WHERE report_run_id = $2 RETURNING 1
     )
     SELECT count(*) AS row_count FROM moved`,
    [runId, standing.result_run_id],
  );
  return moved?.row_count ?? 0;
}

/** On Citus the cluster spreads the one distributed statement over the shards: one job. */
function sessionJobs(database: Database, options: ComputeAllOptions): number {
  if (database.citus !== undefined) return 1;
  return Math.max(1, Math.min(maxSessionJobs, options.jobs ?? availableParallelism()));
}

/** Computes and stores all four reports; returns their runs in the order engagement, weekly, sessions, campaigns. */
export async function computeAllReports(
  database: Database,
  options: ComputeAllOptions = {},
): Promise<ReportRun[]> {
  const params = defaultReportParams(options);
  // A sessions run committed by session-store.ts before this transaction: removed should the rest fail.
  const pending: { runId?: number } = {};
  const jobs = sessionJobs(database, options);
  // Before the transaction, which VACUUM cannot run in: the session ranges then read the log's index alone.
  await vacuumLogWhenNeeded(database);
  try {
    const runs = await database.transaction(async (tx) => {
      if (tx.engine === 'postgres') {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [reportAllLockKey]);
        await tx.query(holdInputsSql);
      }
      await tuneReportTransaction(tx);
      const ingestRunId = await latestIngestRunId(tx);
      const phase = (report: ReportName, step: number) =>
        options.onPhase?.(`computing ${report} (${step} of 4)`);
      phase('engagement', 1);
      const engagement = await storeReport(tx, engagementReport, params, ingestRunId, options.full);
      phase('weekly', 2);
      const weekly = await storeReport(tx, weeklyReport, params, ingestRunId, options.full);
      const previousCampaigns = await latestReportRun(tx, 'campaigns');
      phase('sessions', 3);
      const sessions = await storeSessions(
        database,
        tx,
        {
          gap: params.sessions.gap,
          jobs,
          partitions: options.partitions,
          full: options.full,
          maxRecomputeShare: options.maxRecomputeShare,
        },
        ingestRunId,
        previousCampaigns,
        pending,
      );
      // The listing's indexes on the new run's sessions, built before readers see them
      // (013-freshness-and-listing-indexes.sql), and their copies for the sessions later appends will
      // recompute (016-recent-sessions.sql). On Citus the shards are read without them.
      if (sessions.computation?.mode === 'full' && tx.citus === undefined) {
        await tx.query('SELECT perx_index_session_run($1)', [sessions.result_run_id]);
        await tx.query('SELECT perx_index_recent_sessions($1)', [sessions.result_run_id]);
      }
      phase('campaigns', 4);
      const campaigns = await storeReport(
        tx,
        campaignReport(sessions, previousCampaigns),
        params,
        ingestRunId,
      );
      // The parts of the totals are added up; those of runs that failed go too.
      await tx.query('DELETE FROM report_campaign_part WHERE report_run_id <= $1', [sessions.id]);
      return [engagement, weekly, sessions, campaigns];
    });
    const [, , sessions] = runs;
    if (sessions?.computation?.mode === 'full') {
      await removeEarlierSessions(database, sessions, jobs);
      if (database.citus === undefined) {
        await database.query('SELECT perx_drop_session_run_indexes($1)', [sessions.result_run_id]);
        // The earlier runs' recent sessions are gone: their space is free for the next appends, and the
        // statistics say the table holds none of the new run's, as the next recompute's plans assume.
        await database.query('VACUUM (ANALYZE) report_session_recent');
      }
      // The table's statistics now describe the new run's rows: the next `report all` after an append
      // probes them user by user (store-session-spans.sql) and the listing reads them through its indexes,
      // plans that stale statistics (a few rows per run) would trade for reading the whole run.
      await database.query('ANALYZE report_session');
    }
    return runs;
  } catch (error) {
    if (pending.runId !== undefined) {
      // Readers never saw its rows, the run being incomplete.
      await removeReportRuns(database, [pending.runId], { onlyIncomplete: true }).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * The stored run that answers a request exactly, or undefined when it must be computed: a run computed
 * from the newest succeeded ingest, whose rows the request only filters, sorts or pages. That is:
 * - engagement with no range and the same zone (a campaign picks rows), from `report all`;
 * - weekly with the same zone and week start (the dates pick weeks), from `report all`;
 * - sessions with the same gap (user, range, driven, sort and paging pick rows): the `report all` run, or
 *   a run computed for that gap on an earlier request (live-sessions.ts);
 * - campaigns with no range and the same gap: the `report all` run; with a range, or another gap, the
 *   sessions run of that gap, whose sessions in the range campaignPerformance counts.
 */
export async function storedRunFor<Report extends ReportName>(
  database: Database,
  report: Report,
  params: ReportParams[Report],
): Promise<ReportRun | undefined> {
  const latestIngest = await latestIngestRunId(database);
  const fresh = async (name: ReportName) => {
    const run = await latestReportRun(database, name);
    return run && run.ingest_run_id === latestIngest ? run : undefined;
  };
  const requested = params as Partial<SessionParams & WeeklyParams & EngagementParams & CampaignParams>;
  const noRange = requested.from === undefined && requested.to === undefined;
  switch (report) {
    case 'engagement': {
      const run = await fresh('engagement');
      return run && noRange && run.params.tz === requested.tz ? run : undefined;
    }
    case 'weekly': {
      const run = await fresh('weekly');
      return run && run.params.tz === requested.tz && run.params.weekStart === requested.weekStart
        ? run
        : undefined;
    }
    case 'sessions': {
      const run = await fresh('sessions');
      if (run && run.params.gap === requested.gap) return run;
      return liveSessionsRun(database, requested.gap as number);
    }
    case 'campaigns': {
      const run = await fresh('campaigns');
      if (run && noRange && run.params.gap === requested.gap) return run;
      return storedRunFor(database, 'sessions', { gap: requested.gap } as SessionParams);
    }
  }
  return undefined;
}
