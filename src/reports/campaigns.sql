-- Campaign performance from the HTTP log, over the sessions starting in the range (the same sessions, and
-- the same range on session_start, as the session report); campaign-totals.sql defines the columns.
WITH starts_from AS (
  SELECT (:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text AS instant
),
scoped_log AS (
  -- Only requests from one gap before the range can belong to a session starting in it.
  SELECT log.*
  FROM http_log AS log, starts_from
  WHERE starts_from.instant IS NULL
    OR log."timestamp" >= starts_from.instant - :gap_seconds::integer * interval '1 second'
),
#include session-steps.sql
,
#include session-campaign-facts.sql
,
counted_fact AS (
  SELECT campaign_fact.*
  FROM campaign_fact
  WHERE (
      :from_local::timestamp IS NULL
      OR (
        campaign_fact.session_start >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
        AND (campaign_fact.session_start AT TIME ZONE :tz::text) >= :from_local::timestamp
      )
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR (
        campaign_fact.session_start < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
        AND (campaign_fact.session_start AT TIME ZONE :tz::text) < :to_local_end::timestamp
      )
    )
)
#include campaign-totals.sql
