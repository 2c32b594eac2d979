-- One ingest's rejected lines in file and line order; a null limit lists them all.
SELECT file, line_number, raw, reason
FROM ingest_reject
WHERE ingest_run_id = $1
ORDER BY file, line_number
LIMIT $2
OFFSET $3
