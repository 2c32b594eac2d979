-- The most recent ingest whatever its outcome (a failure must be visible), and when the data now live
-- was loaded: the last ingest that succeeded and changed the data (an append of nothing new did not).
SELECT
  run.id,
  run.source,
  run.started_at,
  run.finished_at,
  run.outcome,
  run.error,
  run.files,
  (SELECT count(*) FROM ingest_reject AS reject WHERE reject.ingest_run_id = run.id) AS rejected_lines,
  (SELECT data_run.finished_at FROM ingest_run AS data_run WHERE data_run.id = data_ingest_run_id())
    AS data_loaded_at
FROM ingest_run AS run
ORDER BY run.id DESC
LIMIT 1
