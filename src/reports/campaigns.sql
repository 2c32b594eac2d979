-- Campaign performance from the HTTP log, over the sessions starting in the range (the same sessions, and
-- the same range on session_start, as the session report). Per campaign id with at least one view:
--   views               its view requests
--   unique_viewers      distinct users who viewed it
--   sessions_with_view  sessions with at least one view of it
--   driven_issues       reward issues in those sessions at or after the session's first view of it (by
--                       time) whose reward maps to it; an issue driven by two campaigns counts for both
--   driven_sessions     sessions with at least one such issue
--   conversion          driven_sessions / sessions_with_view, rounded to 4 places
WITH request AS MATERIALIZED (
  SELECT sessionized.*
  FROM sessionized_request(
    :gap_seconds::integer,
    NULL,
    :from_local::timestamp AT TIME ZONE :tz::text
  ) AS sessionized
  WHERE (
      :from_local::timestamp IS NULL
      OR sessionized.session_start >= (:from_local::timestamp AT TIME ZONE :tz::text)
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR sessionized.session_start < (:to_local_end::timestamp AT TIME ZONE :tz::text)
    )
),
campaign_session AS (
  SELECT
    viewed_campaign_id AS campaign_id,
    user_id,
    session_start,
    count(*) AS views,
    min(requested_at) AS first_viewed_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  GROUP BY viewed_campaign_id, user_id, session_start
),
driven AS (
  SELECT campaign_session.campaign_id, campaign_session.user_id, campaign_session.session_start, count(*) AS issues
  FROM campaign_session
  JOIN campaign_reward_mapping AS mapping ON mapping.campaign_id = campaign_session.campaign_id
  JOIN request AS issue
    ON issue.user_id = campaign_session.user_id
    AND issue.session_start = campaign_session.session_start
    AND issue.issued_reward_id = mapping.reward_id
    AND issue.requested_at >= campaign_session.first_viewed_at
  GROUP BY campaign_session.campaign_id, campaign_session.user_id, campaign_session.session_start
)
SELECT
  campaign_session.campaign_id,
  sum(campaign_session.views)::bigint AS views,
  count(DISTINCT campaign_session.user_id) AS unique_viewers,
  count(*) AS sessions_with_view,
  coalesce(sum(driven.issues), 0)::bigint AS driven_issues,
  count(driven.campaign_id) AS driven_sessions,
  round(count(driven.campaign_id)::numeric / count(*), 4) AS conversion
FROM campaign_session
LEFT JOIN driven
  ON driven.campaign_id = campaign_session.campaign_id
  AND driven.user_id = campaign_session.user_id
  AND driven.session_start = campaign_session.session_start
GROUP BY campaign_session.campaign_id
ORDER BY campaign_session.campaign_id
