-- Whether an ingest after ingest run :since_ingest_run_id, up to :ingest_run_id, changed the four tables
-- loaded from the CSV files (campaign, reward_campaign, reward_transaction, campaign_reward_mapping),
-- named :csv_files: a replace always does; an append does when it reloaded them, which lists their files
-- among its files (an append whose CSV files are unchanged lists only the new log files). Engagement and
-- weekly read only those tables, so while they are unchanged the stored rows stand (store.ts).
SELECT count(*) > 0 AS changed
FROM ingest_run AS run
WHERE run.outcome = 'succeeded'
  AND run.changed_data
  AND run.id > :since_ingest_run_id::integer
  AND run.id <= :ingest_run_id::integer
  AND (
    run.mode <> 'append'
    OR EXISTS (
      SELECT FROM jsonb_array_elements(run.files) AS file
      WHERE file ->> 'file' = ANY (:csv_files::text[])
    )
  )
