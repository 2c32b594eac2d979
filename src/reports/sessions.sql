-- HTTP sessions (session-steps.sql defines how requests become sessions).
--
-- A session's campaigns and rewards_issued list its view and issue ids in request order, repeats kept.
-- An issue of reward R at t2 is driven when the same session has a view of a campaign C at t1 <= t2
-- (by time alone, so a view in the same second counts even when its line comes later) and (C, R) is in
-- campaign_reward_mapping. driven_rewards lists the driven issues in request order, repeats kept;
-- reward_driven_by_campaign_view says whether there is any.
--
-- Filters, order and paging: session-list.sql. The log is scoped to :user_id, and from two days before
-- :from_local (or :session_start_at), which holds every session whose local start can be in the range.
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
  listed.user_id::text AS user_id,
  listed.session_start,
  listed.session_end,
  listed.campaigns,
  listed.rewards_issued,
  listed.reward_driven_by_campaign_view,
  listed.driven_rewards
FROM (
  SELECT
    session.*,
#include session-user-order.sql
      AS user_order
  FROM session
) AS listed
WHERE true
#include session-list.sql
