-- The rows of a stored campaign performance run.
SELECT
  stored.campaign_id,
  stored.views,
  stored.unique_viewers,
  stored.sessions_with_view,
  stored.driven_issues,
  stored.driven_sessions,
  stored.conversion
FROM report_campaign AS stored
WHERE stored.report_run_id = :report_run_id::integer
ORDER BY stored.campaign_id
