-- Who is working on a run that is not finished: an ingest_run still 'running', a report_run not yet
-- complete. A process that dies (`kill -9`, a lost machine) leaves such rows behind; the next command
-- that opens the database tells them from runs still under way by their owner (src/db/run-owners.ts)
-- and clears them: the ingest is marked 'abandoned', the report run and its partial rows deleted.
-- {"pid", "startTime", "bootId", "host"} names the process; on a server, "lock" is the key of the
-- advisory lock it holds while it lives (src/db/owner-lock.ts).
ALTER TABLE ingest_run ADD COLUMN owner jsonb;
ALTER TABLE report_run ADD COLUMN owner jsonb;

ALTER TABLE ingest_run DROP CONSTRAINT ingest_run_outcome_check;
ALTER TABLE ingest_run ADD CONSTRAINT ingest_run_outcome_check
  CHECK (outcome IN ('running', 'succeeded', 'failed', 'abandoned'));
