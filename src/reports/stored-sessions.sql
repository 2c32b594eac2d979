-- The sessions of a stored report run, with the same filters, sort keys and paging as sessions.sql.
SELECT
  stored.user_id::text AS user_id,
  stored.session_start,
  stored.session_end,
  stored.campaigns,
  stored.rewards_issued,
  stored.reward_driven_by_campaign_view,
  stored.driven_rewards
FROM report_session AS stored
WHERE stored.report_run_id = :report_run_id::integer
  AND (:user_id::text IS NULL OR stored.user_id = :user_id::text)
  AND (
    :from_local::timestamp IS NULL
    OR (
      stored.session_start >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
      AND (stored.session_start AT TIME ZONE :tz::text) >= :from_local::timestamp
    )
  )
  AND (
    :to_local_end::timestamp IS NULL
    OR (
      stored.session_start < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
      AND (stored.session_start AT TIME ZONE :tz::text) < :to_local_end::timestamp
    )
  )
  AND (
    :session_start_at::timestamptz IS NULL
    OR (
      stored.session_start >= :session_start_at::timestamptz
      AND stored.session_start < :session_start_at::timestamptz + interval '1 millisecond'
    )
  )
  AND (NOT :driven_only::boolean OR stored.reward_driven_by_campaign_view)
-- Searched CASEs (CASE WHEN :sort = ...): Citus sends a simple CASE over a parameter to the shards
-- deparsed wrongly (CASE 'x' WHEN NULL::boolean), which they refuse.
ORDER BY
  CASE WHEN :sort::text = 'user_id' THEN stored.user_id COLLATE "C" END,
  CASE WHEN :sort::text = '-user_id' THEN stored.user_id COLLATE "C" END DESC,
  CASE WHEN :sort::text = 'session_start' THEN stored.session_start END,
  CASE WHEN :sort::text = '-session_start' THEN stored.session_start END DESC,
  CASE WHEN :sort::text = 'session_end' THEN stored.session_end END,
  CASE WHEN :sort::text = '-session_end' THEN stored.session_end END DESC,
  CASE WHEN :sort::text = 'duration' THEN stored.session_end - stored.session_start END,
  CASE WHEN :sort::text = '-duration' THEN stored.session_end - stored.session_start END DESC,
  CASE WHEN :sort::text = 'campaigns' THEN cardinality(stored.campaigns) END,
  CASE WHEN :sort::text = '-campaigns' THEN cardinality(stored.campaigns) END DESC,
  CASE WHEN :sort::text = 'rewards_issued' THEN cardinality(stored.rewards_issued) END,
  CASE WHEN :sort::text = '-rewards_issued' THEN cardinality(stored.rewards_issued) END DESC,
  CASE WHEN :sort::text = 'reward_driven_by_campaign_view' THEN stored.reward_driven_by_campaign_view END,
  CASE WHEN :sort::text = '-reward_driven_by_campaign_view' THEN stored.reward_driven_by_campaign_view END DESC,
  CASE WHEN :sort::text = 'driven_rewards' THEN cardinality(stored.driven_rewards) END,
  CASE WHEN :sort::text = '-driven_rewards' THEN cardinality(stored.driven_rewards) END DESC,
  stored.user_id COLLATE "C",
  stored.session_start
LIMIT :limit::bigint
OFFSET :offset::bigint
