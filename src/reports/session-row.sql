-- How a session is stored: report_session's columns, filled from a relation named session that has the
-- columns of session-steps.sql's session, as rows of the report run given as report_run_id. Every
-- statement that stores sessions includes it after INSERT INTO and the table (report_session, or
-- report_session_recent for an incremental recompute, 016-recent-sessions.sql), followed by its FROM.
(
  report_run_id,
  user_id,
  session_start,
  session_end,
  campaigns,
  rewards_issued,
  reward_driven_by_campaign_view,
  driven_rewards,
  driving_campaign_ids,
  user_order
)
SELECT
  :report_run_id::integer,
  session.user_id,
  session.session_start,
  session.session_end,
  session.campaigns,
  session.rewards_issued,
  session.reward_driven_by_campaign_view,
  session.driven_rewards,
  session.driving_campaign_ids,
#include session-user-order.sql
