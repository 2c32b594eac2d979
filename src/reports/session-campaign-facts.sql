-- Not a statement of its own: included into a WITH list right after session-steps.sql (and a comma),
-- it defines campaign_fact from that file's steps.
-- Per session and viewed campaign: its views and the issues it drove, what campaign performance adds up
-- (campaign-totals.sql).
campaign_fact AS (
  SELECT
    viewed.user_id,
    viewed.session_start,
    viewed.campaign_id,
    viewed.views,
    coalesce(driven.issues, 0) AS driven_issues
  FROM campaign_session AS viewed
  LEFT JOIN (
    SELECT user_id, session_start, campaign_id, count(*) AS issues
    FROM driven_issue
    GROUP BY user_id, session_start, campaign_id
  ) AS driven
    ON driven.user_id = viewed.user_id
    AND driven.session_start = viewed.session_start
    AND driven.campaign_id = viewed.campaign_id
)
