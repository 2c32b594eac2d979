-- The peaks of a stored engagement run (computed over all transactions), optionally for one campaign.
SELECT
  stored.campaign_id,
  stored.campaign_name,
  stored.no_of_transactions,
  iso_date(stored.date) AS date,
  stored.time
FROM report_engagement AS stored
WHERE stored.report_run_id = :report_run_id::integer
  AND (:campaign_id::bigint IS NULL OR stored.campaign_id = :campaign_id::bigint)
ORDER BY stored.no_of_transactions DESC, stored.campaign_id, stored.date, stored.time
