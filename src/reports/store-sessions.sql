-- The sessions of the users in one user-id range, [:lower_user_id, :upper_user_id) with a null bound
-- open, stored as rows of report run :report_run_id, and their campaign performance as that range's part
-- of the run's totals: one part of a full computation of the stored session report, which user ranges
-- split so that parts run on several connections at once. Sessions are per user, so the parts together
-- hold exactly the sessions of one computation over every user.
WITH scoped_log AS (
  SELECT log.*
  FROM http_log AS log
  WHERE (:lower_user_id::text IS NULL OR log.user_id >= :lower_user_id::text)
    AND (:upper_user_id::text IS NULL OR log.user_id < :upper_user_id::text)
),
#include session-steps.sql
,
#include session-campaign-facts.sql
,
stored AS (
INSERT INTO report_session
#include session-row.sql
  FROM session
  RETURNING 1
),
range_total AS (
  WITH counted_fact AS (SELECT * FROM campaign_fact)
#include campaign-totals.sql
),
stored_total AS (
  INSERT INTO report_campaign_part (
    report_run_id,
    campaign_id,
    views,
    unique_viewers,
    sessions_with_view,
    driven_issues,
    driven_sessions
  )
  SELECT
    :report_run_id::integer,
    campaign_id,
    views,
    unique_viewers,
    sessions_with_view,
    driven_issues,
    driven_sessions
  FROM range_total
  RETURNING 1
)
SELECT (SELECT count(*) FROM stored) AS sessions, (SELECT count(*) FROM stored_total) AS campaigns
