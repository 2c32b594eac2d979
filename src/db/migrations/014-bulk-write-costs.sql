-- Two costs paid per row on the bulk write paths, replaced by cheaper guarantees.
--
-- 1. http_log's foreign key to ingest_file was checked row by row: about 2 s of a 10M-request ingest
--    (validating the key on the new table) and 0.6 s of appending 100,000 requests (a trigger per row).
--    The reference holds by construction instead: the loader is the only writer of http_log, and every
--    row of one COPY carries the id of the ingest_file row the same transaction inserted just before it
--    (src/ingest/load.ts, loadNewLog). ingest_file rows are deleted in one place, after a replace, and that
--    statement refuses to delete a file whose rows are still in the log (src/ingest/ingest-records.ts).
ALTER TABLE http_log DROP CONSTRAINT IF EXISTS http_log_source_file_id_fkey;

-- 2. report_session_run_start, an index on every stored session of every run by start, took each session
--    a full computation stores at a random place: 2 of the 4.5 s that storing 552,776 sessions (3M
--    requests) took. The sessions' start becomes one of the listing's per-run sort keys instead, built in
--    one sort after the run is stored (perx_index_session_run, as 015-session-user-order.sql defines it),
--    where it serves the sort by start and the date filters; report_session_run serves a run's sessions
--    by user.
DROP INDEX IF EXISTS report_session_run_start;
