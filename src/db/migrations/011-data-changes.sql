-- Whether an ingest changed the data: an append that finds no new log file and unchanged CSV files
-- loads nothing, and must leave "data as of", the stored reports' freshness and the live runs as they
-- were. Runs recorded before this column all changed the data.
ALTER TABLE ingest_run ADD COLUMN changed_data boolean NOT NULL DEFAULT true;

-- The ingest whose data the tables hold now: the latest that succeeded and changed the data. Stored
-- reports and live runs computed from it are current. A quoted body, not RETURN: Citus propagates the
-- function to its workers, and fails to on a standard body that reads a table.
CREATE FUNCTION data_ingest_run_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT max(id) FROM ingest_run WHERE outcome = 'succeeded' AND changed_data $$;
