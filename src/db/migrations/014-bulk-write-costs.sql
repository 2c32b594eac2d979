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
--    requests) took. The sessions' start is now one of the listing's per-run sort keys, built in one sort
--    after the run is stored (013-freshness-and-listing-indexes.sql), where it serves the sort by start
--    and the date filters; report_session_run serves a run's sessions by user.
DROP INDEX IF EXISTS report_session_run_start;

CREATE OR REPLACE FUNCTION perx_index_session_run(run_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  ties constant text := $ties$
      (ltrim(user_id, '0123456789') <> ''),
      (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
      (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
      user_id,
      session_start$ties$;
  key record;
BEGIN
  FOR key IN
    SELECT * FROM (VALUES
      ('user_order', ''),
      ('start', 'session_start, '),
      ('end', 'session_end, '),
      ('duration', '(session_end - session_start), '),
      ('campaign_count', '(cardinality(campaigns)), '),
      ('issue_count', '(cardinality(rewards_issued)), '),
      ('driven_count', '(cardinality(driven_rewards)), '),
      ('driven', 'reward_driven_by_campaign_view, '),
      ('driven_first', 'reward_driven_by_campaign_view DESC, ')
    ) AS sort_key (name, columns)
  LOOP
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON report_session (%s%s) WHERE report_run_id = %s',
      'report_session_' || run_id || '_' || key.name,
      key.columns,
      CASE WHEN key.name = 'end' THEN 'session_start' ELSE ties END,
      run_id
    );
  END LOOP;
END
$$;

-- The stored sessions of a database migrated with results get their start index now (one server only,
-- as in 013).
SELECT perx_index_session_run(coalesce(result_run_id, id))
FROM report_run
WHERE report = 'sessions' AND kind = 'all' AND complete
  AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
ORDER BY id DESC
LIMIT 1;
