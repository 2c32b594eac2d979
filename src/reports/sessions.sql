-- HTTP sessions (session-steps.sql defines how requests become sessions).
--
-- A session's campaigns and rewards_issued list its view and issue ids in request order, repeats kept.
-- An issue of reward R at t2 is driven when the same session has a view of a campaign C at t1 <= t2
-- (by time alone, so a view in the same second counts even when its line comes later) and (C, R) is in
-- campaign_reward_mapping. driven_rewards lists the driven issues in request order, repeats kept;
-- reward_driven_by_campaign_view says whether there is any.
--
-- Filters: :from_local and :to_local_end bound session_start's local reading in :tz, half-open (see
-- engagement-range.sql; the log is scoped from two days before :from_local, which holds every session
-- whose local start can be in the range);
-- :user_id keeps one user; :session_start_at picks the one session starting within that millisecond
-- (JavaScript dates carry milliseconds); :driven_only keeps driven sessions. Then :sort (a fixed list of
-- keys, matched here, never spliced into the text), :limit and :offset.
WITH starts_from AS (
  SELECT coalesce(
    :session_start_at::timestamptz,
    (:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text
  ) AS instant
),
scoped_log AS (
  -- Sessions are per user, so one user's requests give that user's sessions whole; and only requests
  -- from one gap before the earliest start asked for can belong to a session starting then or later.
  SELECT log.*
  FROM http_log AS log, starts_from
  WHERE (:user_id::text IS NULL OR log.user_id = :user_id::text)
    AND (
      starts_from.instant IS NULL
      OR log."timestamp" >= starts_from.instant - :gap_seconds::integer * interval '1 second'
    )
),
#include session-steps.sql
SELECT
  session.user_id::text AS user_id,
  session.session_start,
  session.session_end,
  session.campaigns,
  session.rewards_issued,
  session.reward_driven_by_campaign_view,
  session.driven_rewards
FROM session
WHERE (
    :from_local::timestamp IS NULL
    OR (
      session.session_start >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
      AND (session.session_start AT TIME ZONE :tz::text) >= :from_local::timestamp
    )
  )
  AND (
    :to_local_end::timestamp IS NULL
    OR (
      session.session_start < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
      AND (session.session_start AT TIME ZONE :tz::text) < :to_local_end::timestamp
    )
  )
  AND (
    :session_start_at::timestamptz IS NULL
    OR (
      session.session_start >= :session_start_at::timestamptz
      AND session.session_start < :session_start_at::timestamptz + interval '1 millisecond'
    )
  )
  AND (NOT :driven_only::boolean OR session.reward_driven_by_campaign_view)
-- Searched CASEs (CASE WHEN :sort = ...): Citus sends a simple CASE over a parameter to the shards
-- deparsed wrongly (CASE 'x' WHEN NULL::boolean), which they refuse.
ORDER BY
  CASE WHEN :sort::text = 'user_id' THEN session.user_id COLLATE "C" END,
  CASE WHEN :sort::text = '-user_id' THEN session.user_id COLLATE "C" END DESC,
  CASE WHEN :sort::text = 'session_start' THEN session.session_start END,
  CASE WHEN :sort::text = '-session_start' THEN session.session_start END DESC,
  CASE WHEN :sort::text = 'session_end' THEN session.session_end END,
  CASE WHEN :sort::text = '-session_end' THEN session.session_end END DESC,
  CASE WHEN :sort::text = 'duration' THEN session.session_end - session.session_start END,
  CASE WHEN :sort::text = '-duration' THEN session.session_end - session.session_start END DESC,
  CASE WHEN :sort::text = 'campaigns' THEN cardinality(session.campaigns) END,
  CASE WHEN :sort::text = '-campaigns' THEN cardinality(session.campaigns) END DESC,
  CASE WHEN :sort::text = 'rewards_issued' THEN cardinality(session.rewards_issued) END,
  CASE WHEN :sort::text = '-rewards_issued' THEN cardinality(session.rewards_issued) END DESC,
  CASE WHEN :sort::text = 'reward_driven_by_campaign_view' THEN session.reward_driven_by_campaign_view END,
  CASE WHEN :sort::text = '-reward_driven_by_campaign_view' THEN session.reward_driven_by_campaign_view END DESC,
  CASE WHEN :sort::text = 'driven_rewards' THEN cardinality(session.driven_rewards) END,
  CASE WHEN :sort::text = '-driven_rewards' THEN cardinality(session.driven_rewards) END DESC,
  session.user_id COLLATE "C",
  session.session_start
LIMIT :limit::bigint
OFFSET :offset::bigint
