-- Staging tables live for one ingest transaction. Each row keeps its line and text, so that a row the
-- checks in load-checks.sql refuse becomes an ingest_reject row naming both.
CREATE TEMP TABLE campaign_staging (
  id bigint NOT NULL,
  name text NOT NULL,
  status text NOT NULL,
  source_line bigint NOT NULL,
  raw text NOT NULL,
  reason text
) ON COMMIT DROP;

CREATE TEMP TABLE reward_campaign_staging (
  id bigint NOT NULL,
  reward_name text NOT NULL,
  updated_at timestamptz NOT NULL,
  campaign_id bigint NOT NULL,
  source_line bigint NOT NULL,
  raw text NOT NULL,
  reason text
) ON COMMIT DROP;

CREATE TEMP TABLE reward_transaction_staging (
  id bigint NOT NULL,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  reward_campaign_id bigint NOT NULL,
  source_line bigint NOT NULL,
  raw text NOT NULL,
  reason text
) ON COMMIT DROP;

-- The mapping has no checks beyond parsing; a repeated pair is a duplicate, not a reject.
CREATE TEMP TABLE campaign_reward_mapping_staging (
  campaign_id bigint NOT NULL,
  reward_id bigint NOT NULL
) ON COMMIT DROP;

-- The log has no foreign keys to the data tables, so it is copied straight into http_log; emptying it
-- here, in the same transaction, keeps the old rows until the new ones commit.
TRUNCATE http_log;

-- Its indexes are built and its foreign keys checked once after the COPY (load-http-log-rebuild.sql),
-- instead of row by row during it: several times faster for a large log. The definitions come from the
-- catalog, so they follow whatever the migrations define.
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
