import { performance } from 'node:perf_hooks';
import type { Database } from '../db/database.js';
import { runOwner } from '../db/run-owners.js';
import { queryReportSql } from './run-sql.js';
import { recomputeDistributed, type RecomputeCounts } from './session-recompute-distributed.js';
import { latestReportRun, reportRunColumns, type ReportRun } from './report-run.js';
import { tuneSessionPartTransaction, tuneSessionStatements } from './statement-settings.js';
import { analyzeLogWhenStale, userRanges, wholeLogScope, type UserRange } from './user-partitions.js';

/**
 * The stored session report of `perx report all`: computed in full, one user range after another or, on a
 * PostgreSQL server, on several connections at once; or, after `perx ingest --append`, brought up to date
 * by recomputing only the sessions the appended requests can change (store-sessions-incremental.sql).
 */
export interface SessionStoreOptions {
  /** The session gap in seconds. */
  gap: number;
  /** Connections computing user ranges at once on a PostgreSQL server; PGlite has one. */
  jobs: number;
  /** User ranges a full computation is split into; by default one per job, more for a large log. */
  partitions?: number;
  /** Compute every session even when the stored ones could be brought up to date. */
  full?: boolean;
  /**
   * Bring the stored sessions up to date only while the new requests reach at most this share of them;
   * default a quarter.
   */
  maxRecomputeShare?: number;
}

const defaultMaxRecomputeShare = 0.25;

/**
 * About this many requests per user range keep a range's sorts and hash tables in work_mem (a range of
 * 2.5 million requests sorts in about 320 MB).
 */
const requestsPerRange = 2_500_000;

const mappingDigestSql = `
  SELECT md5(coalesce(string_agg(campaign_id || ':' || reward_id, ',' ORDER BY campaign_id, reward_id), ''))
    AS digest
  FROM campaign_reward_mapping`;

// An ingest that replaced the data since the stored run leaves nothing to bring up to date.
const replacingIngestsSql = `
  SELECT count(*) AS replacing
  FROM ingest_run
  WHERE outcome = 'succeeded' AND id > $1 AND id <= $2 AND mode <> 'append'`;

const logRowsSql = `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'http_log'::regclass`;

const createRunSql = `
  INSERT INTO report_run (report, params, ingest_run_id, row_count, duration_ms, result_run_id, complete, owner)
  VALUES ('sessions', $1, $2, 0, 0, $3, $4, $5)
  RETURNING id`;

const finishRunSql = `
  UPDATE report_run
  SET row_count = $2, duration_ms = $3, complete = true, computation = $4
  WHERE id = $1
  RETURNING ${reportRunColumns}`;

/** What a sessions run's rows were computed from, besides its parameters. */
interface SessionBasis {
  ingestRunId: number | null;
  /** campaign_reward_mapping decides which issues are driven: a new mapping changes every session. */
  mappingDigest: string;
}

async function sessionBasis(tx: Database, ingestRunId: number | null): Promise<SessionBasis> {
  const [mapping] = await tx.query<{ digest: string }>(mappingDigestSql);
  return { ingestRunId, mappingDigest: mapping?.digest ?? '' };
}

/**
 * The stored run whose sessions can be brought up to date: the newest complete one, with the same gap and
 * mapping, whose campaign totals are the newest, and which only appending ingests followed; undefined when
 * everything must be computed.
 */
async function incrementalBase(
  tx: Database,
  options: SessionStoreOptions,
  basis: SessionBasis,
  previousCampaigns: ReportRun | undefined,
): Promise<(ReportRun & { ingest_run_id: number }) | undefined> {
  if (options.full) return undefined;
  const base = await latestReportRun(tx, 'sessions');
  const since = base?.ingest_run_id ?? null;
  if (!base || since === null || basis.ingestRunId === null || basis.ingestRunId < since) return undefined;
  if (base.params.gap !== options.gap || base.computation?.mapping !== basis.mappingDigest) return undefined;
  // The campaign totals change with the sessions, so they must be those of these sessions.
  if (previousCampaigns?.computation?.sessions_run_id !== base.id) return undefined;
  const [ingests] = await tx.query<{ replacing: number }>(replacingIngestsSql, [since, basis.ingestRunId]);
  return ingests?.replacing === 0 ? { ...base, ingest_run_id: since } : undefined;
}

async function finishRun(
  tx: Database,
  runId: number,
  rowCount: number,
  started: number,
  computation: Record<string, unknown>,
): Promise<ReportRun> {
  const [run] = await tx.query<ReportRun>(finishRunSql, [
    runId,
    rowCount,
    Math.round(performance.now() - started),
    JSON.stringify(computation),
  ]);
  if (!run) throw new Error(`report run ${runId} vanished`);
  return run;
}

/**
 * Stores the sessions of one user range as rows of the run, and the range's campaign totals as a part of
 * the run's (report_campaign_part); returns how many sessions.
 */
export async function storeRange(
  tx: Database,
  runId: number,
  range: UserRange,
  gap: number,
): Promise<number> {
  const [stored] = await queryReportSql<{ sessions: number }>(tx, 'store-sessions.sql', {
    report_run_id: runId,
    lower_user_id: range.lower,
    upper_user_id: range.upper,
    gap_seconds: gap,
  });
  return stored?.sessions ?? 0;
}

/** Runs work for every range, at most `jobs` at once; waits for all before failing with the first error. */
async function forEachRange<T>(
  ranges: readonly UserRange[],
  jobs: number,
  work: (range: UserRange) => Promise<T>,
): Promise<T[]> {
  const results: PromiseSettledResult<T>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const index = next++;
      const range = ranges[index] as UserRange;
      results[index] = await work(range).then(
        (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, ranges.length) }, worker));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** One range per job, or a multiple of that for a large log, so no job is left idle at the end. */
async function rangeCount(tx: Database, options: SessionStoreOptions): Promise<number> {
  if (options.partitions !== undefined) return options.partitions;
  if (tx.engine === 'pglite') return 1;
  const [log] = await tx.query<{ rows: number }>(logRowsSql);
  return options.jobs * Math.max(1, Math.round((log?.rows ?? 0) / (options.jobs * requestsPerRange)));
}

/**
 * Every session, computed in user ranges. On PostgreSQL with several jobs, each range is one transaction
 * on its own connection, writing rows of a run marked incomplete, which readers skip; `tx` then completes
 * the run and drops the previous run's rows, so readers see the old sessions until `tx` commits. Otherwise
 * the ranges run one after another in `tx`. `pending` learns the incomplete run, to be removed should `tx`
 * fail.
 */
async function computeFull(
  database: Database,
  tx: Database,
  options: SessionStoreOptions,
  basis: SessionBasis,
  pending: { runId?: number },
): Promise<ReportRun> {
  if (tx.citus !== undefined) return computeDistributed(tx, options, basis);
  const started = performance.now();
  await analyzeLogWhenStale(tx);
  const ranges = await userRanges(tx, await rangeCount(tx, options));
  const scope = await wholeLogScope(tx);
  const parallel = tx.engine === 'postgres' && options.jobs > 1 && ranges.length > 1;
  const runParams = JSON.stringify({ gap: options.gap });
  let runId: number;
  let counts: number[];
  if (parallel) {
    // Committed at once on a connection of its own, so that the ranges' transactions can refer to it.
    const [created] = await database.query<{ id: number }>(createRunSql, [
      runParams,
      basis.ingestRunId,
      null,
      false,
      JSON.stringify(await runOwner(database)),
    ]);
    if (!created) throw new Error('could not create a sessions report run');
    runId = created.id;
    pending.runId = runId;
    counts = await forEachRange(ranges, options.jobs, (range) =>
      database.transaction(async (part) => {
        await tuneSessionPartTransaction(part, scope);
        return storeRange(part, runId, range, options.gap);
      }),
    );
  } else {
    const [created] = await tx.query<{ id: number }>(createRunSql, [
      runParams,
      basis.ingestRunId,
      null,
      true,
      null,
    ]);
    if (!created) throw new Error('could not create a sessions report run');
    runId = created.id;
    counts = [];
    await tuneSessionStatements(tx, scope);
    for (const range of ranges) counts.push(await storeRange(tx, runId, range, options.gap));
  }
  return finishRun(
    tx,
    runId,
    counts.reduce((total, count) => total + count, 0),
    started,
    {
      mode: 'full',
      user_ranges: ranges.length,
      log_order: scope === 'whole log' ? 'sorted' : 'index',
      jobs: parallel ? options.jobs : 1,
      mapping: basis.mappingDigest,
    },
  );
}

/**
 * Every session, on Citus: one distributed statement that the workers run on their shards of the log,
 * writing the colocated shards of report_session (store-sessions-distributed.sql), then the campaign
 * totals counted from the stored sessions. Both run in `tx`, so readers see the old sessions until it
 * commits.
 */
async function computeDistributed(
  tx: Database,
  options: SessionStoreOptions,
  basis: SessionBasis,
): Promise<ReportRun> {
  const started = performance.now();
  const [created] = await tx.query<{ id: number }>(createRunSql, [
    JSON.stringify({ gap: options.gap }),
    basis.ingestRunId,
    null,
    true,
    null,
  ]);
  if (!created) throw new Error('could not create a sessions report run');
  await tuneSessionStatements(tx, 'whole log');
  await queryReportSql(tx, 'store-sessions-distributed.sql', {
    report_run_id: created.id,
    gap_seconds: options.gap,
  });
  await queryReportSql(tx, 'store-campaign-part-distributed.sql', { report_run_id: created.id });
  const [stored] = await tx.query<{ sessions: number }>(storedSessionCountSql, [created.id]);
  return finishRun(tx, created.id, stored?.sessions ?? 0, started, {
    mode: 'full',
    distributed: { workers: tx.citus?.workers },
    mapping: basis.mappingDigest,
  });
}

const storedSessionCountSql = `SELECT count(*) AS sessions FROM report_session WHERE report_run_id = $1`;

/** How many sessions of the run earlier recomputes stored in report_session_recent (016-recent-sessions.sql). */
async function storedRecentSessions(tx: Database, runId: number): Promise<number> {
  const [recent] = await tx.query<{ sessions: number }>(
    'SELECT count(*)::integer AS sessions FROM report_session_recent WHERE report_run_id = $1',
    [runId],
  );
  return recent?.sessions ?? 0;
}

/** What store-session-spans.sql found to recompute. */
interface RecomputeSpans {
  users: number;
  new_requests: number;
  /** Stored sessions within one gap of some user's new requests. */
  sessions_touched: number;
}

// Per user with new requests, the span of sessions to recompute (store-session-spans.sql).
const sessionRecomputeSql = `
  CREATE TEMPORARY TABLE session_recompute (
    user_id text COLLATE "C" PRIMARY KEY,
    span_start timestamptz NOT NULL,
    span_end timestamptz NOT NULL,
    new_requests bigint NOT NULL,
    sessions_touched bigint NOT NULL
  ) ON COMMIT DROP`;

// The sessions an incremental recompute stores, on their way to report_session_recent
// (store-sessions-incremental.sql says why).
const sessionRecomputedSql = `
  CREATE TEMPORARY TABLE session_recomputed (LIKE report_session INCLUDING DEFAULTS) ON COMMIT DROP`;

const storeRecomputedSql = `INSERT INTO report_session_recent SELECT * FROM session_recomputed`;

// What an incremental recompute changes in campaign performance, for store-campaigns-incremental.sql.
const campaignTotalsChangeSql = `
  CREATE TEMPORARY TABLE campaign_totals_change (
    campaign_id bigint PRIMARY KEY,
    views bigint NOT NULL,
    unique_viewers bigint NOT NULL,
    sessions_with_view bigint NOT NULL,
    driven_issues bigint NOT NULL,
    driven_sessions bigint NOT NULL
  ) ON COMMIT DROP`;

/** The sessions in session_recompute's spans recomputed, on one server or PGlite. */
async function recomputeOnServer(tx: Database, runId: number, gap: number): Promise<RecomputeCounts> {
  await tx.query(sessionRecomputedSql);
  const [counts] = await queryReportSql<RecomputeCounts>(tx, 'store-sessions-incremental.sql', {
    report_run_id: runId,
    gap_seconds: gap,
  });
  if (!counts) throw new Error('the incremental recompute of the sessions returned nothing');
  await tx.query(storeRecomputedSql);
  // The next recompute and the listing read report_session_recent by user and in the listing's orders;
  // statistics from when it held fewer sessions (none, after a full computation) would price reading all
  // of it as nothing.
  await tx.query('ANALYZE report_session_recent');
  return counts;
}

/**
 * The base run's sessions brought up to date with the requests loaded since its ingest: a new run records
 * the recompute, and its rows are the base run's, changed in place (result_run_id). Undefined, leaving
 * everything as it was, when the new requests reach more than options.maxRecomputeShare of the stored
 * sessions (requests appended all over the stored time span): computing everything on every job then
 * costs less than recomputing that many on one connection; likewise once the run's recent sessions do.
 */
async function computeIncremental(
  tx: Database,
  options: SessionStoreOptions,
  basis: SessionBasis,
  base: ReportRun & { ingest_run_id: number },
): Promise<ReportRun | undefined> {
  const started = performance.now();
  await tx.query(sessionRecomputeSql);
  const spansSql = tx.citus === undefined ? 'store-session-spans.sql' : 'store-session-spans-distributed.sql';
  const [spans] = await queryReportSql<RecomputeSpans>(tx, spansSql, {
    report_run_id: base.result_run_id,
    after_ingest_run_id: base.ingest_run_id,
    gap_seconds: options.gap,
  });
  if (!spans) throw new Error('finding the sessions to recompute returned nothing');
  const maxShare = options.maxRecomputeShare ?? defaultMaxRecomputeShare;
  if (spans.sessions_touched > maxShare * base.row_count) return undefined;
  // Recomputed sessions gather in report_session_recent, whose indexes grow with them; past the same
  // share of the run, one full computation stores them all in report_session again.
  const recentSessions = tx.citus === undefined ? await storedRecentSessions(tx, base.result_run_id) : 0;
  if (recentSessions > maxShare * base.row_count) return undefined;
  await tx.query('ANALYZE session_recompute');
  const [created] = await tx.query<{ id: number }>(createRunSql, [
    JSON.stringify({ gap: options.gap }),
    basis.ingestRunId,
    base.result_run_id,
    true,
    null,
  ]);
  if (!created) throw new Error('could not create a sessions report run');
  await tuneSessionStatements(tx, 'some users');
  await tx.query(campaignTotalsChangeSql);
  const counts =
    tx.citus === undefined
      ? await recomputeOnServer(tx, base.result_run_id, options.gap)
      : await recomputeDistributed(tx, base.result_run_id, options.gap);
  return finishRun(
    tx,
    created.id,
    base.row_count - counts.sessions_replaced + counts.sessions_stored,
    started,
    {
      mode: 'incremental',
      // The run whose sessions this one brought up to date; its campaign totals are the ones to change.
      after_run_id: base.id,
      after_ingest_run_id: base.ingest_run_id,
      ...spans,
      ...counts,
      recent_sessions_before: recentSessions,
      mapping: basis.mappingDigest,
    },
  );
}

/**
 * After a full computation is published: deletes the sessions of the runs before it, no longer read, in
 * user ranges on `jobs` connections at once on PostgreSQL. Runs started later have higher ids, so a run
 * computing meanwhile keeps its rows; sessions a failed run left behind go too. Live runs, computed for
 * other gaps (live-sessions.ts), keep theirs: they are dropped by use.
 */
export async function removeEarlierSessions(database: Database, run: ReportRun, jobs: number): Promise<void> {
  const ranges =
    database.engine === 'postgres' ? await userRanges(database, jobs) : [{ lower: null, upper: null }];
  await forEachRange(ranges, jobs, (range) =>
    database.query(
      `DELETE FROM report_session
       WHERE report_run_id < $1
         AND report_run_id NOT IN (SELECT id FROM report_run WHERE kind = 'live')
         AND ($2::text IS NULL OR user_id >= $2::text)
         AND ($3::text IS NULL OR user_id < $3::text)`,
      [run.result_run_id, range.lower, range.upper],
    ),
  );
}

/**
 * Stores the sessions as of ingest run `ingestRunId`: brought up to date when only appends followed the
 * stored ones, computed in full otherwise (or when options.full says so).
 */
export async function storeSessions(
  database: Database,
  tx: Database,
  options: SessionStoreOptions,
  ingestRunId: number | null,
  previousCampaigns: ReportRun | undefined,
  pending: { runId?: number },
): Promise<ReportRun> {
  const basis = await sessionBasis(tx, ingestRunId);
  const base = await incrementalBase(tx, options, basis, previousCampaigns);
  const recomputed = base ? await computeIncremental(tx, options, basis, base) : undefined;
  return recomputed ?? computeFull(database, tx, options, basis, pending);
}
