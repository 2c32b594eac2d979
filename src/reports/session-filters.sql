-- The filters of a session listing: not a statement of its own, but the end of a WHERE clause over
-- sessions named `listed` (see session-list.sql, which describes each filter), continued with AND. Apart
-- from the order and paging so that a stored listing's total is counted without sorting anything
-- (stored-session-count.sql).
  AND (:user_id::text IS NULL OR listed.user_id = :user_id::text)
  AND (
    :from_local::timestamp IS NULL
    OR (
      listed.session_start >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
      AND (listed.session_start AT TIME ZONE :tz::text) >= :from_local::timestamp
    )
  )
  AND (
    :to_local_end::timestamp IS NULL
    OR (
      listed.session_start < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
      AND (listed.session_start AT TIME ZONE :tz::text) < :to_local_end::timestamp
    )
  )
  AND (
    :session_start_at::timestamptz IS NULL
    OR (
      listed.session_start >= :session_start_at::timestamptz
      AND listed.session_start < :session_start_at::timestamptz + interval '1 millisecond'
    )
  )
  AND (:campaign_id::bigint IS NULL OR :campaign_id::bigint = ANY (listed.campaigns))
  AND (:reward_id::bigint IS NULL OR :reward_id::bigint = ANY (listed.rewards_issued))
  AND (
    NOT :driven_only::boolean
    OR CASE
      WHEN :campaign_id::bigint IS NULL THEN listed.reward_driven_by_campaign_view
      ELSE :campaign_id::bigint = ANY (listed.driving_campaign_ids)
    END
  )
  AND (
    NOT :driven_only::boolean
    OR :reward_id::bigint IS NULL
    OR :reward_id::bigint = ANY (listed.driven_rewards)
  )
