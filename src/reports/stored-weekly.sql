-- The weeks of a stored weekly run, the shown weeks picked by dates as in weekly.sql.
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
ORDER BY stored.reward_campaign_id, stored.week
