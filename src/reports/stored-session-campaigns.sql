-- Campaign performance over the stored sessions of report run :report_run_id that start in the range:
-- the sessions campaigns.sql makes of the log with that run's gap, so the same rows, counted from what
-- each stored session keeps instead of sessionizing the log again.
WITH fact_session AS (
  SELECT stored.user_id, stored.campaigns, stored.driving_campaign_ids
  FROM report_session AS stored
  WHERE stored.report_run_id = :report_run_id::integer
    AND (
      :from_local::timestamp IS NULL
      OR stored.session_start >= (:from_local::timestamp AT TIME ZONE :tz::text)
    )
    AND (
      :to_local_end::timestamp IS NULL
      OR stored.session_start < (:to_local_end::timestamp AT TIME ZONE :tz::text)
    )
),
counted_fact AS (
#include session-facts.sql
)
#include campaign-totals.sql
