-- http_log's indexes are built and its foreign keys checked once after the COPY
-- (load-http-log-rebuild.sql), instead of row by row during it: several times faster for a large log.
-- The definitions come from the catalog, so they follow whatever the migrations define.
CREATE TEMP TABLE http_log_index ON COMMIT DROP AS
SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
FROM pg_index
WHERE indrelid = 'http_log'::regclass AND NOT indisunique;

CREATE TEMP TABLE http_log_foreign_key ON COMMIT DROP AS
SELECT conname AS name, pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE conrelid = 'http_log'::regclass AND contype = 'f';

DO $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT name FROM http_log_foreign_key LOOP
    EXECUTE format('ALTER TABLE http_log DROP CONSTRAINT %I', dropped.name);
  END LOOP;
  FOR dropped IN SELECT name FROM http_log_index LOOP
    EXECUTE 'DROP INDEX ' || dropped.name;
  END LOOP;
END
$$;
