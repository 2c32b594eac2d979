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
