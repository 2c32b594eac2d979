-- Peak engagement. Per campaign, every reward transaction (any status) updated in the range, counted
-- per local date and hour of :tz; the bucket or buckets with the most transactions, ties kept.
-- The range is [:from_local, :to_local_end) on the wall clock of :tz; a null end is unbounded.
WITH
#include engagement-range.sql
,
bucket AS (
  SELECT
    campaign_id,
    local_hour,
    count(*) AS no_of_transactions
  FROM transaction_in_range
  GROUP BY campaign_id, local_hour
),
ranked AS (
  SELECT
    bucket.*,
    rank() OVER (PARTITION BY bucket.campaign_id ORDER BY bucket.no_of_transactions DESC) AS place
  FROM bucket
)
SELECT
  campaign.id AS campaign_id,
  campaign.name AS campaign_name,
  ranked.no_of_transactions,
  iso_date(ranked.local_hour) AS date,
  to_char(ranked.local_hour, 'HH24:00') AS time
FROM ranked
JOIN campaign ON campaign.id = ranked.campaign_id
WHERE ranked.place = 1
ORDER BY ranked.no_of_transactions DESC, campaign.id, ranked.local_hour
