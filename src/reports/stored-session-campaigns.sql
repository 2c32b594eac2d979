-- Campaign performance over the stored sessions of report run :report_run_id that start in the range:
-- the sessions campaigns.sql makes of the log with that run's gap, so the same rows, counted from what
-- each stored session keeps instead of sessionizing the log again.
WITH fact_session AS (
  SELECT stored.user_id, stored.campaigns, stored.driving_campaign_ids
  FROM report_session AS stored
  WHERE stored.report_run_id = :report_run_id::integer
    AND (
      :from_local::timestamp IS NULL
      OR (
        stored.session_start >= ((:from_local::timestamp - interval '2 days') AT TIME ZONE :tz::text)
        AND (stored.session_start AT TIME ZONE :tz::text) >= :from_local::timestamp
      )
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR (
        stored.session_start < ((:to_local_end::timestamp + interval '2 days') AT TIME ZONE :tz::text)
        AND (stored.session_start AT TIME ZONE :tz::text) < :to_local_end::timestamp
      )
    )
),
counted_fact AS (
#include session-facts.sql
)
#include campaign-totals.sql
