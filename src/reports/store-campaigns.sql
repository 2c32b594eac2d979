-- Campaign performance of a full computation of the stored sessions (run :sessions_run_id): the totals
-- each user range added up as it stored its sessions (store-sessions.sql), added up over the ranges. The
-- ranges hold different users, so their distinct viewers add up too. The same columns as
-- campaign-totals.sql.
SELECT
  part.campaign_id,
  sum(part.views)::bigint AS views,
  sum(part.unique_viewers)::bigint AS unique_viewers,
  sum(part.sessions_with_view)::bigint AS sessions_with_view,
  sum(part.driven_issues)::bigint AS driven_issues,
  sum(part.driven_sessions)::bigint AS driven_sessions,
  round(sum(part.driven_sessions) / sum(part.sessions_with_view), 4) AS conversion
FROM report_campaign_part AS part
WHERE part.report_run_id = :sessions_run_id::integer
GROUP BY part.campaign_id
ORDER BY part.campaign_id
