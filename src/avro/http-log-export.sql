-- Every stored request, in the order of the files and lines it was loaded from, so requests at equal
-- times keep their order through an export and a re-import. The time goes out as exact epoch
-- microseconds: extract() gives a numeric with all six fractional digits on PostgreSQL 14 and later.
SELECT
  (extract(epoch FROM "timestamp") * 1000000)::int8 AS "timestamp",
  http_method,
  http_path,
  user_id
FROM http_log
ORDER BY source_file_id, source_line
