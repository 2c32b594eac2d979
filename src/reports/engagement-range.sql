-- The reward transactions (any status) updated in [:from_local, :to_local_end) on the wall clock of :tz
-- (a null end is unbounded), of :campaign_id or of every campaign when it is null, each with its
-- campaign and local hour. The peak report and the date-by-hour matrix count these same transactions.
transaction_in_range AS (
  SELECT
    reward_campaign.campaign_id,
    date_trunc('hour', reward_transaction.updated_at AT TIME ZONE :tz::text) AS local_hour
  FROM reward_transaction
  JOIN reward_campaign ON reward_campaign.id = reward_transaction.reward_campaign_id
  WHERE (
      :from_local::timestamp IS NULL
      OR reward_transaction.updated_at >= (:from_local::timestamp AT TIME ZONE :tz::text)
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR reward_transaction.updated_at < (:to_local_end::timestamp AT TIME ZONE :tz::text)
    )
    AND (:campaign_id::bigint IS NULL OR reward_campaign.campaign_id = :campaign_id::bigint)
)
