-- On Citus: every session of the log stored as rows of report run :report_run_id, in one statement. The
-- log and report_session are distributed by user_id and colocated, and every window, join and grouping of
-- session-steps.sql is by user_id (its CTEs inlined, see inlinedForCitus in named-sql.ts), so Citus runs
-- the whole statement on each shard of the log, writing the sessions into the colocated shard of
-- report_session: no row leaves its worker. This is the user ranges of store-sessions.sql, split by the
-- cluster instead of by connections. Campaign performance follows from the stored sessions
-- (store-campaign-part-distributed.sql).
INSERT INTO report_session
#include session-row.sql
FROM (
  WITH scoped_log AS (
    SELECT log.* FROM http_log AS log
  ),
#include session-steps.sql
  SELECT * FROM session
) AS session
