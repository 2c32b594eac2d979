-- On Citus: the sessions in each span of session_recompute, recomputed from the user's requests in the
-- span (and one gap before), as rows of report run :report_run_id, once the stored ones in the spans are
-- deleted (session-recompute-distributed.ts). The same sessions as store-sessions-incremental.sql stores,
-- whose header says why.
INSERT INTO report_session (
  report_run_id,
  user_id,
  session_start,
  session_end,
  campaigns,
  rewards_issued,
  reward_driven_by_campaign_view,
  driven_rewards,
  driving_campaign_ids
)
SELECT
  :report_run_id::integer,
  recomputed.user_id,
  recomputed.session_start,
  recomputed.session_end,
  recomputed.campaigns,
  recomputed.rewards_issued,
  recomputed.reward_driven_by_campaign_view,
  recomputed.driven_rewards,
  recomputed.driving_campaign_ids
FROM (
  WITH scoped_log AS (
    SELECT log.*
    FROM session_recompute AS recompute
    JOIN http_log AS log
      ON log.user_id = recompute.user_id
      AND log."timestamp" >= recompute.span_start - :gap_seconds::integer * interval '1 second'
      AND log."timestamp" <= recompute.span_end
  ),
#include session-steps.sql
  SELECT session.*
  FROM session
  JOIN session_recompute AS recompute ON recompute.user_id = session.user_id
  WHERE session.session_start >= recompute.span_start
) AS recomputed
