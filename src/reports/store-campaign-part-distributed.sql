-- On Citus: the campaign performance of the sessions of report run :report_run_id, counted from the
-- stored sessions (session-facts.sql gives the same facts as campaign_fact while sessionizing), stored as
-- the one part of the run's totals (store-campaigns.sql adds up the parts). Each shard of report_session
-- counts its sessions; the coordinator adds the counts up. The distinct viewers are distinct values of the
-- distribution column, which no two shards share, so they add up too.
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
  total.campaign_id,
  total.views,
  total.unique_viewers,
  total.sessions_with_view,
  total.driven_issues,
  total.driven_sessions
FROM (
  WITH fact_session AS (
    SELECT user_id, campaigns, driving_campaign_ids
    FROM report_session
    WHERE report_run_id = :report_run_id::integer
  ),
  counted_fact AS (
#include session-facts.sql
  )
#include campaign-totals.sql
) AS total
