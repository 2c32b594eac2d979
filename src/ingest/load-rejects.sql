-- The lines the checks refused, in file order then line order. $1 is the ingest run; $2, $3 and $4
-- name the campaign, reward campaign and reward transaction files.
INSERT INTO ingest_reject (ingest_run_id, file, line_number, raw, reason)
SELECT $1::integer, file, source_line, raw, reason
FROM (
  SELECT 1 AS position, $2::text AS file, source_line, raw, reason
  FROM campaign_staging WHERE reason IS NOT NULL
  UNION ALL
  SELECT 2, $3::text, source_line, raw, reason
  FROM reward_campaign_staging WHERE reason IS NOT NULL
  UNION ALL
  SELECT 3, $4::text, source_line, raw, reason
  FROM reward_transaction_staging WHERE reason IS NOT NULL
) AS refused
ORDER BY position, source_line
