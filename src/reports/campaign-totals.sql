-- Campaign performance added up: not a statement of its own, but the end of one that defines
-- counted_fact, one row per counted session and campaign viewed in it, with user_id, campaign_id, views
-- (its view requests in the session) and driven_issues (the session's issues it drove), as
-- campaign_fact in session-campaign-facts.sql gives them. campaigns.sql counts the sessions it computes; the
-- stored results count stored sessions. Per campaign id with at least one view:
--   views               its view requests
--   unique_viewers      distinct users who viewed it
--   sessions_with_view  sessions with at least one view of it
--   driven_issues       reward issues in those sessions at or after the session's first view of it (by
--                       time) whose reward maps to it; an issue driven by two campaigns counts for both
--   driven_sessions     sessions with at least one such issue
--   conversion          driven_sessions / sessions_with_view, rounded to 4 places
SELECT
  counted_fact.campaign_id,
  sum(counted_fact.views)::bigint AS views,
  count(DISTINCT counted_fact.user_id) AS unique_viewers,
  count(*) AS sessions_with_view,
  sum(counted_fact.driven_issues)::bigint AS driven_issues,
  count(*) FILTER (WHERE counted_fact.driven_issues > 0) AS driven_sessions,
  round(count(*) FILTER (WHERE counted_fact.driven_issues > 0)::numeric / count(*), 4) AS conversion
FROM counted_fact
GROUP BY counted_fact.campaign_id
ORDER BY counted_fact.campaign_id
