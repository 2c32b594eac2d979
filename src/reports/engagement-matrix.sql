-- The local date-by-hour count of reward transactions (any status) for one campaign, or for all when
-- :campaign_id is null, over the same range as the peak report. Dates run from the first to the last
-- local date with a transaction in the range; every hour of every date in between appears, with 0 when
-- it has none. A date that a daylight-saving change makes 23 or 25 hours long still has hours 0 to 23:
-- the skipped hour counts 0 and the repeated hour counts both.
WITH
#include engagement-range.sql
,
bucket AS (
  SELECT
    local_hour,
    count(*) AS no_of_transactions
  FROM transaction_in_range
  GROUP BY local_hour
),
span AS (
  SELECT date_trunc('day', min(local_hour)) AS first_day, date_trunc('day', max(local_hour)) AS last_day
  FROM bucket
)
SELECT
  iso_date(day.at) AS date,
  hour.of_day AS hour,
  coalesce(bucket.no_of_transactions, 0) AS no_of_transactions
FROM span
CROSS JOIN generate_series(span.first_day, span.last_day, interval '1 day') AS day (at)
CROSS JOIN generate_series(0, 23) AS hour (of_day)
LEFT JOIN bucket ON bucket.local_hour = day.at + hour.of_day * interval '1 hour'
ORDER BY day.at, hour.of_day
