-- The weeks of a stored weekly run, the shown weeks picked by dates and reward as in weekly.sql.
SELECT
  stored.reward_campaign_id,
  stored.reward_name,
  iso_date(stored.week) AS week,
  stored.reward_redeemed_count,
  stored.percentage_difference
FROM report_weekly AS stored
WHERE stored.report_run_id = :report_run_id::integer
  AND (:from_date::date IS NULL OR stored.week > :from_date::date - 7)
  AND (:to_date::date IS NULL OR stored.week <= :to_date::date)
  AND (:reward_campaign_id::bigint IS NULL OR stored.reward_campaign_id = :reward_campaign_id::bigint)
ORDER BY stored.reward_campaign_id, stored.week
