-- On Citus: the campaign totals of the users in session_recompute, counted from their stored sessions of
-- report run :report_run_id, into recomputed_user_totals as :side, 'before' or 'after' their sessions are
-- recomputed (session-recompute-distributed.ts). What store-sessions-incremental.sql computes in one
-- statement; on Citus its data-modifying CTEs would run one after another, each seeing the changes of the
-- one before, where PostgreSQL runs them all on one snapshot.
INSERT INTO recomputed_user_totals (
  side,
  campaign_id,
  views,
  unique_viewers,
  sessions_with_view,
  driven_issues,
  driven_sessions
)
SELECT
  :side::text,
  total.campaign_id,
  total.views,
  total.unique_viewers,
  total.sessions_with_view,
  total.driven_issues,
  total.driven_sessions
FROM (
  WITH fact_session AS (
    SELECT stored.user_id, stored.campaigns, stored.driving_campaign_ids
    FROM report_session AS stored
    JOIN session_recompute AS recompute ON recompute.user_id = stored.user_id
    WHERE stored.report_run_id = :report_run_id::integer
  ),
  counted_fact AS (
#include session-facts.sql
  )
#include campaign-totals.sql
) AS total
