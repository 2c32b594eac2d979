import type { Database } from '../db/database.js';
import { queryReportSql } from './run-sql.js';

/**
 * On Citus, store-sessions-incremental.sql as statements run one after another in `tx`: the campaign totals
 * of the recomputed users before, the stored sessions in their spans deleted, the recomputed ones stored,
 * the totals after, and the change into campaign_totals_change. In one statement Citus would run the data-
 * modifying CTEs one after another, each seeing what the one before changed, where PostgreSQL runs them on
 * one snapshot. session_recompute and campaign_totals_change are filled and created as on one server.
 */

const userTotalsSql = `
  CREATE TEMPORARY TABLE recomputed_user_totals (
    side text NOT NULL,
    campaign_id bigint NOT NULL,
    views bigint NOT NULL,
    unique_viewers bigint NOT NULL,
    sessions_with_view bigint NOT NULL,
    driven_issues bigint NOT NULL,
    driven_sessions bigint NOT NULL,
    PRIMARY KEY (side, campaign_id)
  ) ON COMMIT DROP`;

const deleteSpansSql = `
  WITH replaced AS (
    DELETE FROM report_session AS stored
    USING session_recompute AS recompute
    WHERE stored.report_run_id = $1
      AND stored.user_id = recompute.user_id
      AND stored.session_start BETWEEN recompute.span_start AND recompute.span_end
    RETURNING 1
  )
  SELECT count(*) AS sessions FROM replaced`;

const countSpansSql = `
  SELECT count(*) AS sessions
  FROM report_session AS stored
  JOIN session_recompute AS recompute ON recompute.user_id = stored.user_id
  WHERE stored.report_run_id = $1
    AND stored.session_start BETWEEN recompute.span_start AND recompute.span_end`;

const changeSql = `
  WITH changed AS (
    INSERT INTO campaign_totals_change (
      campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions
    )
    SELECT
      coalesce(after.campaign_id, before.campaign_id),
      coalesce(after.views, 0) - coalesce(before.views, 0),
      coalesce(after.unique_viewers, 0) - coalesce(before.unique_viewers, 0),
      coalesce(after.sessions_with_view, 0) - coalesce(before.sessions_with_view, 0),
      coalesce(after.driven_issues, 0) - coalesce(before.driven_issues, 0),
      coalesce(after.driven_sessions, 0) - coalesce(before.driven_sessions, 0)
    FROM (SELECT * FROM recomputed_user_totals WHERE side = 'after') AS after
    FULL JOIN (SELECT * FROM recomputed_user_totals WHERE side = 'before') AS before
      ON before.campaign_id = after.campaign_id
    RETURNING 1
  )
  SELECT count(*) AS campaigns FROM changed`;

export interface RecomputeCounts {
  sessions_replaced: number;
  sessions_stored: number;
  campaigns_changed: number;
  /** Of the replaced, those stored apart by earlier recomputes (one server only: 016-recent-sessions.sql). */
  recent_replaced?: number;
}

export async function recomputeDistributed(
  tx: Database,
  reportRunId: number,
  gap: number,
): Promise<RecomputeCounts> {
  await tx.query(userTotalsSql);
  const totals = (side: 'before' | 'after') =>
    queryReportSql(tx, 'recompute-user-totals.sql', { report_run_id: reportRunId, side });
  await totals('before');
  const [replaced] = await tx.query<{ sessions: number }>(deleteSpansSql, [reportRunId]);
  await queryReportSql(tx, 'replace-recomputed-sessions.sql', {
    report_run_id: reportRunId,
    gap_seconds: gap,
  });
  const [stored] = await tx.query<{ sessions: number }>(countSpansSql, [reportRunId]);
  await totals('after');
  const [changed] = await tx.query<{ campaigns: number }>(changeSql);
  return {
    sessions_replaced: replaced?.sessions ?? 0,
    sessions_stored: stored?.sessions ?? 0,
    campaigns_changed: changed?.campaigns ?? 0,
  };
}
