-- The day-by-day trend of a stored sessions run: per local day (in :tz) of the sessions' start, the
-- sessions, their campaign views and reward issues, and the driven sessions among them. Days in time
-- order, as ISO 8601 dates; a day without a session has no row.
SELECT
  iso_date(stored.session_start AT TIME ZONE :tz::text) AS day,
  count(*) AS sessions,
  sum(cardinality(stored.campaigns))::bigint AS views,
  sum(cardinality(stored.rewards_issued))::bigint AS issues,
  count(*) FILTER (WHERE stored.reward_driven_by_campaign_view) AS driven_sessions
FROM report_session AS stored
WHERE stored.report_run_id = :report_run_id::integer
GROUP BY 1
ORDER BY min(stored.session_start)
