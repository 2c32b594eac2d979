-- Freshness after `perx ingest --append`, and the dashboard's session listing at scale.
--
-- new_request_span (003-ingest-append.sql, 009-citus.sql) read all of http_log to find the rows of the
-- appended files. A log file's rows are appended after those of every earlier file, so source_file_id
-- rises along the heap, and a BRIN index (a few kB; one pass to build, next to nothing to maintain) leads
-- straight to the appended pages. Pages appended after the index last summarized them are always read, so
-- an append finds its rows whether or not they are summarized yet. The function looks up the first new
-- file's id first and passes it as a value, so that its query is planned for that value (EXECUTE ...
-- USING): planned with an unknown bound, the BRIN scan would look no cheaper than reading everything.
CREATE INDEX http_log_source_file ON http_log USING brin (source_file_id);

CREATE OR REPLACE FUNCTION new_request_span(after_ingest_run_id integer)
RETURNS TABLE (user_id text, first_new_at timestamptz, last_new_at timestamptz, new_requests bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  first_new_file integer;
BEGIN
  SELECT min(file.id) INTO first_new_file
  FROM ingest_file AS file
  WHERE after_ingest_run_id IS NULL OR file.ingest_run_id > after_ingest_run_id;
  IF first_new_file IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT log.user_id, min(log."timestamp"), max(log."timestamp"), count(*)
     FROM http_log AS log
     WHERE log.source_file_id >= $1
       AND log.source_file_id IN (
         SELECT file.id FROM ingest_file AS file
         WHERE $2::integer IS NULL OR file.ingest_run_id > $2::integer
       )
     GROUP BY log.user_id'
  USING first_new_file, after_ingest_run_id;
END
$$;

-- The session listing (stored-sessions.sql, session-list.sql) pages a stored run's sessions in the order
-- asked, ties broken by user (digit-only ids as numbers first) and start. perx_index_session_run gives a
-- run one index per sort key, followed where ties are many by that tie-break, so that a page is read from
-- the index in order instead of sorting the run's every session; the expressions are exactly those of
-- session-list.sql once the sort is known, or the planner would not match them. A descending sort reads
-- an index backwards and re-sorts only the ties of its key (an incremental sort), cheap where the largest
-- values are rare; the flag has an index per direction, a backward read giving half the run as one tie.
--
-- The indexes are partial, one set per run (report_session_<run>_<key>), built by `perx report all` once
-- a full computation has stored its sessions, before it publishes them (store.ts), and dropped with the
-- run's sessions: built in one sort each, where indexes on the whole table would take every session of
-- every full computation one row at a time. A run brought up to date after an append keeps its base
-- run's rows, and so its indexes, updated row by row.
CREATE FUNCTION perx_index_session_run(run_id integer) RETURNS void
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

-- The listing indexes of every run but run_id (perx_index_session_run).
CREATE FUNCTION perx_drop_session_run_indexes(run_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  item record;
BEGIN
  FOR item IN
    SELECT index_class.relname AS name
    FROM pg_index AS index
    JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
    WHERE index.indrelid = 'report_session'::regclass
      AND index_class.relname ~ '^report_session_[0-9]+_'
      AND index_class.relname NOT LIKE 'report_session\_' || run_id || '\_%'
  LOOP
    EXECUTE format('DROP INDEX %I', item.name);
  END LOOP;
END
$$;

-- The stored sessions of a database migrated with results get theirs now (on one server: on Citus the
-- listing reads the shards without them, see store.ts).
SELECT perx_index_session_run(coalesce(result_run_id, id))
FROM report_run
WHERE report = 'sessions' AND kind = 'all' AND complete
  AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
ORDER BY id DESC
LIMIT 1;
