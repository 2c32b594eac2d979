-- Freshness at scale: where the sessions that `perx report all` recomputes after an append are stored.
--
-- An incremental recompute (store-sessions-incremental.sql) replaces a few thousand sessions of a run that
-- holds millions. Stored among them, each new session went into the run's ten indexes (report_session_run
-- and the nine listing indexes of perx_index_session_run) at places spread over the whole index, since
-- all but two lead with the user. At 10M requests that is 18,268 sessions touching some 70,000 index
-- pages: 2 of the 3 s of bringing the sessions up to date, mostly full-page images in the WAL (540 MB) of
-- pages first written after a checkpoint.
--
-- report_session_recent holds them instead: a child of report_session (inheritance), so every reader of
-- report_session reads its rows too, with no change to any query; the planner reads a run's listing page
-- from both tables' indexes at once (a merge of two ordered index scans). Its indexes are copies of the
-- run's, as small as the table. Deleting from report_session deletes from it too, so dropping a run's
-- sessions needs nothing more. A full computation stores into report_session itself and leaves the
-- child empty of its run; `perx report all` computes in full once a run's recent sessions grow past a
-- share of the run (session-store.ts).
--
-- On Citus, where report_session is distributed, there is no child: Citus distributes no table with
-- inheritance. The recompute there writes the shards of report_session directly
-- (session-recompute-distributed.ts), and perx_fold_recent_sessions moves the child's rows into
-- report_session before the schema is distributed (src/db/citus.ts).
DO $$
BEGIN
  IF to_regclass('pg_dist_partition') IS NOT NULL THEN
    IF EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = 'report_session'::regclass) THEN
      RETURN;
    END IF;
  END IF;
  CREATE TABLE report_session_recent () INHERITS (report_session);
  CREATE INDEX report_session_recent_run ON report_session_recent (report_run_id, user_id, session_start);
END
$$;

-- The listing indexes of run run_id (perx_index_session_run) on report_session_recent: the same
-- definitions, read from report_session's, so that the keys are written in one place.
CREATE FUNCTION perx_index_recent_sessions(run_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  item record;
BEGIN
  IF to_regclass('report_session_recent') IS NULL THEN
    RETURN;
  END IF;
  FOR item IN
    SELECT index_class.relname AS name, pg_get_indexdef(index.indexrelid) AS definition
    FROM pg_index AS index
    JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
    WHERE index.indrelid = 'report_session'::regclass
      AND index_class.relname LIKE 'report_session\_' || run_id || '\_%'
  LOOP
    EXECUTE regexp_replace(
      item.definition,
      '^CREATE INDEX \S+ ON (\S+\.)?report_session ',
      format('CREATE INDEX IF NOT EXISTS %I ON report_session_recent ', replace(item.name, 'report_session_', 'report_session_recent_'))
    );
  END LOOP;
END
$$;

-- The listing indexes of every run but run_id, on both tables.
CREATE OR REPLACE FUNCTION perx_drop_session_run_indexes(run_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  item record;
BEGIN
  FOR item IN
    SELECT index_class.relname AS name
    FROM pg_index AS index
    JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
    WHERE index.indrelid IN ('report_session'::regclass, to_regclass('report_session_recent'))
      AND index_class.relname ~ '^report_session_(recent_)?[0-9]+_'
      AND index_class.relname !~ ('^report_session_(recent_)?' || run_id || '_')
  LOOP
    EXECUTE format('DROP INDEX %I', item.name);
  END LOOP;
END
$$;

-- Before the schema is distributed on Citus: the recent sessions become rows of report_session, and the
-- child goes.
CREATE FUNCTION perx_fold_recent_sessions() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('report_session_recent') IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO report_session SELECT * FROM report_session_recent;
  DROP TABLE report_session_recent;
END
$$;

-- The latest run of a database migrated with results (one server only, as in 013).
SELECT perx_index_recent_sessions(coalesce(result_run_id, id))
FROM report_run
WHERE report = 'sessions' AND kind = 'all' AND complete
  AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
ORDER BY id DESC
LIMIT 1;
