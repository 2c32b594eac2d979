import type { Database } from '../db/database.js';

export const reportNames = ['engagement', 'weekly', 'sessions', 'campaigns'] as const;
export type ReportName = (typeof reportNames)[number];

/** One stored computation of a report: what was asked, from which ingest, when, and how big. */
export interface ReportRun {
  id: number;
  report: ReportName;
  /** The parameters as computed; see storedParams in store.ts. */
  params: Record<string, unknown>;
  /** The latest succeeded ingest when it was computed; null when nothing had been ingested. */
  ingest_run_id: number | null;
  computed_at: Date;
  row_count: number;
  duration_ms: number;
  /**
   * The run whose rows in the result table hold this run's result: its own id, unless this run brought an
   * earlier run's stored sessions up to date instead of computing them again.
   */
  result_run_id: number;
  /** How the rows were computed ("full" or "incremental", and what was recomputed); see session-store.ts. */
  computation: Record<string, unknown> | null;
  /** 'all': stored by `perx report all`; 'live': computed for a request (live-sessions.ts). */
  kind: 'all' | 'live';
}

/** The columns of a ReportRun, for every query that returns runs. */
export const reportRunColumns =
  'id, report, kind, params, ingest_run_id, computed_at, row_count, duration_ms, coalesce(result_run_id, id) AS result_run_id, computation';

/**
 * The newest complete run of one report stored by `perx report all`, the only one whose result rows are
 * kept (a run still being written on several connections is not complete yet). Runs computed for one
 * request (kind 'live', live-sessions.ts) are not among them.
 */
export async function latestReportRun(
  database: Database,
  report: ReportName,
): Promise<ReportRun | undefined> {
  const [run] = await database.query<ReportRun>(
    `SELECT ${reportRunColumns} FROM report_run
     WHERE report = $1 AND kind = 'all' AND complete ORDER BY id DESC LIMIT 1`,
    [report],
  );
  return run;
}

/** The newest complete `report all` run of every report, for a status page. */
export async function latestReportRuns(database: Database): Promise<Partial<Record<ReportName, ReportRun>>> {
  const runs = await database.query<ReportRun>(
    `SELECT DISTINCT ON (report) ${reportRunColumns} FROM report_run
     WHERE kind = 'all' AND complete ORDER BY report, id DESC`,
  );
  return Object.fromEntries(runs.map((run) => [run.report, run]));
}

/** The ingest the reports would be computed from now: the latest that succeeded and changed the data. */
export async function latestIngestRunId(database: Database): Promise<number | null> {
  const [row] = await database.query<{ id: number | null }>('SELECT data_ingest_run_id() AS id');
  return row?.id ?? null;
}

/**
 * Deletes report runs with their stored sessions and campaign parts, in one transaction, and returns the
 * ids it deleted. With `onlyIncomplete`, a run that completed meanwhile is kept: readers may be reading it.
 */
export async function removeReportRuns(
  database: Database,
  runIds: readonly number[],
  { onlyIncomplete = false }: { onlyIncomplete?: boolean } = {},
): Promise<number[]> {
  if (runIds.length === 0) return [];
  return database.transaction(async (tx) => {
    const removed = (
      await tx.query<{ id: number }>(
        'DELETE FROM report_run WHERE id = ANY($1::integer[]) AND (NOT $2::boolean OR NOT complete) RETURNING id',
        [runIds, onlyIncomplete],
      )
    ).map((run) => run.id);
    if (removed.length === 0) return removed;
    await tx.query('DELETE FROM report_session WHERE report_run_id = ANY($1::integer[])', [removed]);
    await tx.query('DELETE FROM report_campaign_part WHERE report_run_id = ANY($1::integer[])', [removed]);
    return removed;
  });
}
