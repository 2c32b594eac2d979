-- The reward transactions (any status) updated in [:from_local, :to_local_end) on the wall clock of :tz
-- (a null end is unbounded), of :campaign_id or of every campaign when it is null, each with its
-- campaign and local hour. The peak report and the date-by-hour matrix count these same transactions.
-- The range is on the wall clock: a row is in when its local reading is (both passes of a repeated hour
-- count; a skipped time is only a boundary). The instant bounds, two days wider than the local ones (more
-- than any zone's offset ever moved), select nothing on their own: they let an index narrow the rows.
transaction_in_range AS (
  SELECT
    reward_campaign.campaign_id,
    date_trunc('hour', reward_transaction.updated_at AT TIME ZONE :tz::text) AS local_hour
  FROM reward_transaction
  JOIN reward_campaign ON reward_campaign.id = reward_transaction.reward_campaign_id
  WHERE (
      :from_local::timestamp IS NULL
      OR (
        reward_transaction.updated_at >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
        AND (reward_transaction.updated_at AT TIME ZONE :tz::text) >= :from_local::timestamp
      )
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR (
        reward_transaction.updated_at < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
        AND (reward_transaction.updated_at AT TIME ZONE :tz::text) < :to_local_end::timestamp
      )
    )
    AND (:campaign_id::bigint IS NULL OR reward_campaign.campaign_id = :campaign_id::bigint)
)
