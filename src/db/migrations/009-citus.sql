-- Citus (distributed PostgreSQL, src/db/citus.ts). Nothing here runs on a single server or PGlite: the
-- functions are only called on a Citus coordinator with workers, and their bodies name Citus's catalog
-- only when they run.

-- The schema, distributed: the log and the stored sessions hash-distributed by user_id and colocated, so
-- that the statements computing sessions from the log run on each shard without moving rows; every other
-- table (the four CSV tables, the ingest bookkeeping, the report runs and the small report tables) a
-- reference table, a copy on every node, which any shard can join and which the log's foreign key to
-- ingest_file may point at. Parents before the tables referring to them. Making a table a reference table
-- turns the plain tables that refer to it into "Citus local tables" (partmethod 'n', repmodel 's'), which
-- are then distributed in turn. Returns how many tables it distributed: 0 when the schema already was.
CREATE FUNCTION perx_distribute_schema() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  reference_tables text[] := ARRAY[
    'ingest_run', 'ingest_file', 'ingest_reject',
    'campaign', 'reward_campaign', 'reward_transaction', 'campaign_reward_mapping',
    'report_run', 'report_engagement', 'report_weekly', 'report_campaign', 'report_campaign_part'];
  name text;
  changed integer := 0;
BEGIN
  FOREACH name IN ARRAY reference_tables LOOP
    IF NOT EXISTS (
      SELECT FROM pg_dist_partition
      WHERE logicalrelid = name::regclass AND partmethod = 'n' AND repmodel = 't'
    ) THEN
      PERFORM create_reference_table(name);
      changed := changed + 1;
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = 'http_log'::regclass AND partmethod = 'h') THEN
    PERFORM create_distributed_table('http_log', 'user_id');
    changed := changed + 1;
  END IF;
  IF NOT EXISTS (
    SELECT FROM pg_dist_partition WHERE logicalrelid = 'report_session'::regclass AND partmethod = 'h'
  ) THEN
    PERFORM create_distributed_table('report_session', 'user_id', colocate_with => 'http_log');
    changed := changed + 1;
  END IF;
  RETURN changed;
END
$$;

-- As in 006-ingest-publish.sql, and on Citus the next table is what its live table is: distributed by
-- the same column and colocated with it, or a reference table, before any row goes in, so that the COPY
-- of an ingest goes through the coordinator straight into the shards.
CREATE OR REPLACE FUNCTION perx_create_next_table(live text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  next_table text := 'next_' || live;
  distributed record;
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I', next_table);
  EXECUTE format(
    'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY)',
    next_table, live);
  IF to_regclass('pg_dist_partition') IS NULL THEN
    RETURN;
  END IF;
  SELECT citus_table_type AS kind, distribution_column AS column_name
  INTO distributed
  FROM citus_tables
  WHERE table_name = live::regclass;
  IF distributed.kind = 'distributed' THEN
    PERFORM create_distributed_table(next_table, distributed.column_name, colocate_with => live);
  ELSIF distributed.kind = 'reference' THEN
    PERFORM create_reference_table(next_table);
  END IF;
END
$$;

-- As in 006-ingest-publish.sql, with the primary and unique keys renamed back through their indexes:
-- renaming an index renames the constraint it backs, and Citus refuses ALTER TABLE ... RENAME CONSTRAINT
-- on distributed and reference tables but propagates ALTER INDEX ... RENAME to the shards.
CREATE OR REPLACE FUNCTION perx_publish_next_tables(lives text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  live text;
  item record;
BEGIN
  EXECUTE 'DROP TABLE ' || (SELECT string_agg(format('%I', name), ', ') FROM unnest(lives) AS name);
  FOREACH live IN ARRAY lives LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', 'next_' || live, live);
    FOR item IN
      SELECT index_class.relname AS name
      FROM pg_index AS index
      JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
      WHERE index.indrelid = live::regclass AND index_class.relname LIKE 'next\_%'
    LOOP
      EXECUTE format('ALTER INDEX %I RENAME TO %I', item.name, substr(item.name, 6));
    END LOOP;
  END LOOP;
END
$$;

-- As in 003-ingest-append.sql, in PL/pgSQL: Citus plans no query calling a parameterized SQL function
-- over a distributed table (it would have to inline it first), while a PL/pgSQL function runs its query
-- on the coordinator, which distributes it like any other. On one server the function's callers
-- materialize its rows anyway (store-session-spans.sql), so nothing is lost by not inlining it.
CREATE OR REPLACE FUNCTION new_request_span(after_ingest_run_id integer)
RETURNS TABLE (user_id text, first_new_at timestamptz, last_new_at timestamptz, new_requests bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN QUERY
  SELECT log.user_id, min(log."timestamp"), max(log."timestamp"), count(*)
  FROM http_log AS log
  WHERE log.source_file_id IN (
    SELECT file.id FROM ingest_file AS file
    WHERE after_ingest_run_id IS NULL OR file.ingest_run_id > after_ingest_run_id
  )
  GROUP BY log.user_id;
END
$$;
