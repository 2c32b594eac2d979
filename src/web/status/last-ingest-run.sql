-- The most recent ingest whatever its outcome (a failure must be visible), and when the data now live
-- was loaded: the last ingest that succeeded.
SELECT
  run.id,
  run.source,
  run.started_at,
  run.finished_at,
  run.outcome,
  run.error,
  run.files,
  (SELECT count(*) FROM ingest_reject AS reject WHERE reject.ingest_run_id = run.id) AS rejected_lines,
  (
    SELECT succeeded.finished_at
    FROM ingest_run AS succeeded
    WHERE succeeded.outcome = 'succeeded'
    ORDER BY succeeded.id DESC
    LIMIT 1
  ) AS data_loaded_at
FROM ingest_run AS run
ORDER BY run.id DESC
LIMIT 1
