import { performance } from 'node:perf_hooks';
import type { Database } from '../db/database.js';
import { runOwner } from '../db/run-owners.js';
import { PerxError, interruption } from '../errors.js';
import { latestIngestRunId, removeReportRuns, reportRunColumns, type ReportRun } from './report-run.js';
import { storeRange } from './session-store.js';
import { tuneSessionPartTransaction } from './statement-settings.js';
import { analyzeLogWhenStale, userRanges, wholeLogScope } from './user-partitions.js';

/**
 * Sessions for a gap `perx report all` did not store, computed once for the dashboard into a stored run
 * (report_run.kind 'live') that paging, sorting, the campaign figures and downloads then read. The log is
 * sessionized in user ranges, each range its own short transaction: on the embedded engine, whose one
 * session every reader shares, readers are served between ranges instead of waiting for the whole
 * computation; and the computation can stop between ranges. A run is complete or absent: a computation
 * that fails, is cancelled or runs out of time removes what it wrote.
 */
export interface LiveProgress {
  /** User ranges computed so far, of `total`. */
  done: number;
  total: number;
}

export interface LiveSessionOptions {
  /** Longest the computation may take; past it, it stops at the next range and removes its rows. */
  timeLimitMs: number;
  /** Cancels the computation at the next range. */
  signal?: AbortSignal;
  onProgress?: (progress: LiveProgress) => void;
  /** Live runs kept: the least recently used beyond this many are dropped once this one is stored. */
  keep: number;
  /** Ranges computed at once on a PostgreSQL server (the embedded engine has one session). */
  jobs?: number;
}

/**
 * About this many requests per range: on the embedded engine a range takes a few tenths of a second, the
 * longest a reader waits; on a server, large ranges cost less and run on several connections at once.
 */
const requestsPerRange = { pglite: 40_000, postgres: 500_000 } as const;
const maxRanges = 100;

const logRowsSql = `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'http_log'::regclass`;

const createRunSql = `
  INSERT INTO report_run (report, kind, params, ingest_run_id, row_count, duration_ms, complete, last_used_at, owner)
  VALUES ('sessions', 'live', $1, $2, 0, 0, false, now(), $3)
  RETURNING id`;

const finishRunSql = `
  UPDATE report_run
  SET row_count = $2, duration_ms = $3, complete = true, computation = $4, last_used_at = now()
  WHERE id = $1
  RETURNING ${reportRunColumns}`;

// The live runs to drop: those computed from an older ingest (never read again), and those beyond the
// `keep` most recently used.
const unkeptRunsSql = `
  SELECT id FROM (
    SELECT id, ingest_run_id IS DISTINCT FROM $1 AS stale,
           row_number() OVER (ORDER BY last_used_at DESC NULLS LAST, id DESC) AS recency
    FROM report_run
    WHERE kind = 'live' AND complete
  ) AS live
  WHERE stale OR recency > $2`;

async function rangeCount(database: Database): Promise<number> {
  const [log] = await database.query<{ rows: number }>(logRowsSql);
  const perRange = requestsPerRange[database.engine === 'pglite' ? 'pglite' : 'postgres'];
  return Math.min(maxRanges, Math.max(1, Math.ceil((log?.rows ?? 0) / perRange)));
}

export async function computeLiveSessions(
  database: Database,
  gap: number,
  options: LiveSessionOptions,
): Promise<ReportRun> {
  const started = performance.now();
  const deadline = Date.now() + options.timeLimitMs;
  const ingestRunId = await latestIngestRunId(database);
  await analyzeLogWhenStale(database);
  const ranges = await userRanges(database, await rangeCount(database));
  const scope = await wholeLogScope(database);
  const [created] = await database.query<{ id: number }>(createRunSql, [
    JSON.stringify({ gap }),
    ingestRunId,
    JSON.stringify(await runOwner(database)),
  ]);
  if (!created) throw new Error('could not create a live sessions run');
  const runId = created.id;
  const jobs = database.engine === 'pglite' ? 1 : Math.max(1, options.jobs ?? 2);
  let done = 0;
  let sessions = 0;
  options.onProgress?.({ done, total: ranges.length });
  try {
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        if (options.signal?.aborted) throw interruption(options.signal);
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new TimeLimitError(gap, options.timeLimitMs);
        const range = ranges[next++]!;
        sessions += await database.transaction(async (tx) => {
          await tuneSessionPartTransaction(tx, scope);
          // A server stops a range that would run past the limit; the embedded engine cannot.
          if (tx.engine !== 'pglite') {
            await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [
              String(Math.ceil(remaining)),
            ]);
          }
          return storeRange(tx, runId, range, gap);
        });
        options.onProgress?.({ done: ++done, total: ranges.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, ranges.length) }, worker));
    await database.query('DELETE FROM report_campaign_part WHERE report_run_id = $1', [runId]);
    const [run] = await database.query<ReportRun>(finishRunSql, [
      runId,
      sessions,
      Math.round(performance.now() - started),
      JSON.stringify({ mode: 'live', user_ranges: ranges.length, jobs }),
    ]);
    if (!run) throw new Error(`live sessions run ${runId} vanished`);
    const unkept = await database.query<{ id: number }>(unkeptRunsSql, [ingestRunId, options.keep]);
    await removeReportRuns(
      database,
      unkept.map((row) => row.id),
    );
    return run;
  } catch (error) {
    await removeReportRuns(database, [runId]).catch(() => undefined);
    // A statement the server stopped at the limit reads as the limit, not as a cancelled statement.
    if ((error as { code?: string }).code === '57014' && Date.now() >= deadline) {
      throw new TimeLimitError(gap, options.timeLimitMs);
    }
    throw error;
  }
}

/** The computation ran out of time; nothing of it was kept. */
export class TimeLimitError extends PerxError {
  constructor(gap: number, limitMs: number) {
    super(
      `computing the sessions for a ${gap} s gap took longer than ${Math.round(limitMs / 1000)} s, the limit (PERX_LIVE_TIMEOUT_SECONDS): it was stopped and nothing of it was kept`,
    );
  }
}

/**
 * How stale a live run's last use may get before a read records it again. Reads are the dashboard's hot
 * path: recording each one would make every page view a write (on Citus, a reference-table update on
 * every node), and the LRU that keeps live runs needs no finer clock than this.
 */
const lastUseResolution = "interval '1 minute'";

/** The stored live run of sessions for this gap, computed from the latest ingest; it counts as used. */
export async function liveSessionsRun(database: Database, gap: number): Promise<ReportRun | undefined> {
  const [run] = await database.query<ReportRun & { stale_use: boolean }>(
    `SELECT ${reportRunColumns}, last_used_at < now() - ${lastUseResolution} AS stale_use
     FROM report_run
     WHERE report = 'sessions' AND kind = 'live' AND complete AND (params->>'gap')::integer = $1
       AND ingest_run_id IS NOT DISTINCT FROM data_ingest_run_id()
     ORDER BY id DESC LIMIT 1`,
    [gap],
  );
  if (!run) return undefined;
  const { stale_use: staleUse, ...found } = run;
  if (staleUse) {
    await database.query(
      `UPDATE report_run SET last_used_at = now()
       WHERE id = $1 AND last_used_at < now() - ${lastUseResolution}`,
      [found.id],
    );
  }
  return found;
}
