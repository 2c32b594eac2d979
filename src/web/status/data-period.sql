-- The span of the data as dates in the zone $1: from the first to the last request of the log, from the
-- first to the last change of a reward transaction, and from the earliest of both to the latest. Dates
-- as ISO 8601 writes them (iso_date). One aggregate per bound; the caller keeps the answer until the
-- data changes.
WITH bounds AS (
  SELECT
    (SELECT min("timestamp") FROM http_log) AS first_request_at,
    (SELECT max("timestamp") FROM http_log) AS last_request_at,
    (SELECT min(updated_at) FROM reward_transaction) AS first_transaction_at,
    (SELECT max(updated_at) FROM reward_transaction) AS last_transaction_at
)
SELECT
  iso_date(least(first_request_at, first_transaction_at) AT TIME ZONE $1) AS first_date,
  iso_date(greatest(last_request_at, last_transaction_at) AT TIME ZONE $1) AS last_date,
  iso_date(first_request_at AT TIME ZONE $1) AS first_request_date,
  iso_date(last_request_at AT TIME ZONE $1) AS last_request_date,
  iso_date(first_transaction_at AT TIME ZONE $1) AS first_transaction_date,
  iso_date(last_transaction_at AT TIME ZONE $1) AS last_transaction_date
FROM bounds
