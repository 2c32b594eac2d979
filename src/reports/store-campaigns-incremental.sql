-- Campaign performance after the sessions were brought up to date: the totals of the previous campaigns
-- run :previous_run_id changed by campaign_totals_change, which store-sessions-incremental.sql filled,
-- per campaign, with the recomputed users' totals after minus before. The same columns as
-- campaign-totals.sql: a campaign appears while some session views it.
SELECT
  total.campaign_id,
  total.views,
  total.unique_viewers,
  total.sessions_with_view,
  total.driven_issues,
  total.driven_sessions,
  round(total.driven_sessions::numeric / total.sessions_with_view, 4) AS conversion
FROM (
  SELECT
    coalesce(previous.campaign_id, change.campaign_id) AS campaign_id,
    coalesce(previous.views, 0) + coalesce(change.views, 0) AS views,
    coalesce(previous.unique_viewers, 0) + coalesce(change.unique_viewers, 0) AS unique_viewers,
    coalesce(previous.sessions_with_view, 0) + coalesce(change.sessions_with_view, 0) AS sessions_with_view,
    coalesce(previous.driven_issues, 0) + coalesce(change.driven_issues, 0) AS driven_issues,
    coalesce(previous.driven_sessions, 0) + coalesce(change.driven_sessions, 0) AS driven_sessions
  FROM (
    SELECT * FROM report_campaign WHERE report_run_id = :previous_run_id::integer
  ) AS previous
  FULL JOIN campaign_totals_change AS change ON change.campaign_id = previous.campaign_id
) AS total
WHERE total.sessions_with_view > 0
ORDER BY total.campaign_id
