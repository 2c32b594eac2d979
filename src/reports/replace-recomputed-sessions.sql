-- On Citus: the sessions in each span of session_recompute, recomputed from the user's requests in the
-- span (and one gap before), as rows of report run :report_run_id, once the stored ones in the spans are
-- deleted (session-recompute-distributed.ts). The same sessions as store-sessions-incremental.sql stores,
-- whose header says why.
INSERT INTO report_session
#include session-row.sql
FROM (
  WITH scoped_log AS (
    SELECT log.*
    FROM session_recompute AS recompute
    JOIN http_log AS log
      ON log.user_id = recompute.user_id
      AND log."timestamp" >= recompute.span_start - :gap_seconds::integer * interval '1 second'
      AND log."timestamp" <= recompute.span_end
  ),
#include session-steps.sql
  SELECT session.*
  FROM session
  JOIN session_recompute AS recompute ON recompute.user_id = session.user_id
  WHERE session.session_start >= recompute.span_start
) AS session
