-- The sessions of a stored report run, with the same filters, sort keys and paging as sessions.sql.
SELECT
  listed.user_id::text AS user_id,
  listed.session_start,
  listed.session_end,
  listed.campaigns,
  listed.rewards_issued,
  listed.reward_driven_by_campaign_view,
  listed.driven_rewards
FROM report_session AS listed
WHERE listed.report_run_id = :report_run_id::integer
#include session-list.sql
