-- Reward transactions with their reward and campaign: what a heatmap cell counts (one campaign's
-- transactions of any status in one local hour) or a weekly row (one reward's redemptions in one local
-- week), listed. :campaign_id, :reward_campaign_id and :status (exact, as the weekly report compares it)
-- keep what they name when given; [:from_local, :to_local_end) is on updated_at's wall clock in :tz, the
-- same rule as engagement-range.sql, so a cell's or a week's count is this listing's number of rows.
SELECT
  reward_transaction.id AS transaction_id,
  reward_transaction.status,
  reward_transaction.updated_at,
  reward_transaction.reward_campaign_id,
  reward_campaign.reward_name,
  reward_campaign.campaign_id,
  campaign.name AS campaign_name
FROM reward_transaction
JOIN reward_campaign ON reward_campaign.id = reward_transaction.reward_campaign_id
JOIN campaign ON campaign.id = reward_campaign.campaign_id
WHERE (:campaign_id::bigint IS NULL OR reward_campaign.campaign_id = :campaign_id::bigint)
  AND (:reward_campaign_id::bigint IS NULL OR reward_transaction.reward_campaign_id = :reward_campaign_id::bigint)
  AND (:status::text IS NULL OR reward_transaction.status = :status::text)
  AND (
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
ORDER BY reward_transaction.updated_at, reward_transaction.id
