-- HTTP sessions (see sessionized_request in the migrations for how requests become sessions).
--
-- A session's campaigns and rewards_issued list its view and issue ids in request order, repeats kept.
-- An issue of reward R at t2 is driven when the same session has a view of a campaign C at t1 <= t2
-- (by time alone, so a view in the same second counts even when its line comes later) and (C, R) is in
-- campaign_reward_mapping. driven_rewards lists the driven issues in request order, repeats kept;
-- reward_driven_by_campaign_view says whether there is any.
--
-- Filters: :from_local and :to_local_end bound session_start on the wall clock of :tz, half-open;
-- :user_id keeps one user; :session_start_at picks the one session starting within that millisecond
-- (JavaScript dates carry milliseconds); :driven_only keeps driven sessions. Then :sort (a fixed list of
-- keys, matched here, never spliced into the text), :limit and :offset.
WITH request AS MATERIALIZED (
  SELECT sessionized.*
  FROM sessionized_request(
    :gap_seconds::integer,
    :user_id::text,
    coalesce(:session_start_at::timestamptz, :from_local::timestamp AT TIME ZONE :tz::text)
  ) AS sessionized
  WHERE (
      :from_local::timestamp IS NULL
      OR sessionized.session_start >= (:from_local::timestamp AT TIME ZONE :tz::text)
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR sessionized.session_start < (:to_local_end::timestamp AT TIME ZONE :tz::text)
    )
    AND (
      :session_start_at::timestamptz IS NULL
      OR (
        sessionized.session_start >= :session_start_at::timestamptz
        AND sessionized.session_start < :session_start_at::timestamptz + interval '1 millisecond'
      )
    )
),
first_view AS (
  SELECT user_id, session_start, viewed_campaign_id AS campaign_id, min(requested_at) AS first_viewed_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  GROUP BY user_id, session_start, viewed_campaign_id
),
-- Per session and issued reward, the first view of any campaign containing it: the issues of that reward
-- at or after this moment are driven. Each session's first view per campaign meets its issued rewards
-- once, instead of every issue being tested against every view.
driven_from AS (
  SELECT issued.user_id, issued.session_start, issued.reward_id, min(first_view.first_viewed_at) AS since
  FROM (
    SELECT DISTINCT user_id, session_start, issued_reward_id AS reward_id
    FROM request
    WHERE issued_reward_id IS NOT NULL
  ) AS issued
  JOIN campaign_reward_mapping AS mapping ON mapping.reward_id = issued.reward_id
  JOIN first_view
    ON first_view.user_id = issued.user_id
    AND first_view.session_start = issued.session_start
    AND first_view.campaign_id = mapping.campaign_id
  GROUP BY issued.user_id, issued.session_start, issued.reward_id
),
session AS (
  SELECT
    request.user_id,
    request.session_start,
    max(request.requested_at) AS session_end,
    coalesce(
      array_agg(request.viewed_campaign_id ORDER BY request.requested_at, request.source_file_id, request.source_line)
        FILTER (WHERE request.viewed_campaign_id IS NOT NULL),
      '{}'
    ) AS campaigns,
    coalesce(
      array_agg(request.issued_reward_id ORDER BY request.requested_at, request.source_file_id, request.source_line)
        FILTER (WHERE request.issued_reward_id IS NOT NULL),
      '{}'
    ) AS rewards_issued,
    coalesce(bool_or(request.requested_at >= driven_from.since), false) AS reward_driven_by_campaign_view,
    coalesce(
      array_agg(request.issued_reward_id ORDER BY request.requested_at, request.source_file_id, request.source_line)
        FILTER (WHERE request.requested_at >= driven_from.since),
      '{}'
    ) AS driven_rewards
  FROM request
  LEFT JOIN driven_from
    ON driven_from.user_id = request.user_id
    AND driven_from.session_start = request.session_start
    AND driven_from.reward_id = request.issued_reward_id
  GROUP BY request.user_id, request.session_start
)
SELECT
  session.user_id::text AS user_id,
  session.session_start,
  session.session_end,
  session.campaigns,
  session.rewards_issued,
  session.reward_driven_by_campaign_view,
  session.driven_rewards
FROM session
WHERE NOT :driven_only::boolean OR session.reward_driven_by_campaign_view
ORDER BY
  CASE :sort::text WHEN 'user_id' THEN session.user_id COLLATE "C" END,
  CASE :sort::text WHEN '-user_id' THEN session.user_id COLLATE "C" END DESC,
  CASE :sort::text WHEN 'session_start' THEN session.session_start END,
  CASE :sort::text WHEN '-session_start' THEN session.session_start END DESC,
  CASE :sort::text WHEN 'session_end' THEN session.session_end END,
  CASE :sort::text WHEN '-session_end' THEN session.session_end END DESC,
  CASE :sort::text WHEN 'duration' THEN session.session_end - session.session_start END,
  CASE :sort::text WHEN '-duration' THEN session.session_end - session.session_start END DESC,
  CASE :sort::text WHEN 'campaigns' THEN cardinality(session.campaigns) END,
  CASE :sort::text WHEN '-campaigns' THEN cardinality(session.campaigns) END DESC,
  CASE :sort::text WHEN 'rewards_issued' THEN cardinality(session.rewards_issued) END,
  CASE :sort::text WHEN '-rewards_issued' THEN cardinality(session.rewards_issued) END DESC,
  CASE :sort::text WHEN 'reward_driven_by_campaign_view' THEN session.reward_driven_by_campaign_view END,
  CASE :sort::text WHEN '-reward_driven_by_campaign_view' THEN session.reward_driven_by_campaign_view END DESC,
  CASE :sort::text WHEN 'driven_rewards' THEN cardinality(session.driven_rewards) END,
  CASE :sort::text WHEN '-driven_rewards' THEN cardinality(session.driven_rewards) END DESC,
  session.user_id COLLATE "C",
  session.session_start
LIMIT :limit::bigint
OFFSET :offset::bigint
