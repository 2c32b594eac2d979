-- A campaign's sessions among those of stored sessions run :sessions_run_id, from the campaign totals
-- computed from that run (store-campaigns.sql and store-campaigns-incremental.sql count the same sessions
-- the listing filters): sessions_with_view, or driven_sessions with :driven_only (see session-list.sql).
-- No row when no campaign totals were computed from that run; then the sessions are counted.
SELECT coalesce(
  (
    SELECT CASE WHEN :driven_only::boolean THEN total.driven_sessions ELSE total.sessions_with_view END
    FROM report_campaign AS total
    WHERE total.report_run_id = run.id AND total.campaign_id = :campaign_id::bigint
  ),
  0
) AS total
FROM report_run AS run
WHERE run.report = 'campaigns'
  AND run.kind = 'all'
  AND run.complete
  AND (run.computation ->> 'sessions_run_id')::integer = :sessions_run_id::integer
ORDER BY run.id DESC
LIMIT 1
