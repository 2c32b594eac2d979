-- Replaces the contents of the four CSV tables with the staged rows that passed every check. Rows go in
-- key order, so the same data set always leaves the same tables.
--
-- The staged rows passed the checks of load-checks.sql, so the foreign keys among these tables are
-- dropped for the inserts and checked again after them, one join per key, and the indexes other than
-- unique ones are built after them in one pass each, rather than both row by row during the inserts:
-- for a large reward_transaction that would be most of the swap. The definitions come from the catalog,
-- so they follow whatever the migrations define.
CREATE TEMP TABLE swap_foreign_key ON COMMIT DROP AS
SELECT conrelid::regclass::text AS table_name, conname AS name, pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE conrelid IN ('reward_campaign'::regclass, 'reward_transaction'::regclass) AND contype = 'f';

CREATE TEMP TABLE swap_index ON COMMIT DROP AS
SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
FROM pg_index
WHERE indrelid IN (
    'campaign'::regclass, 'reward_campaign'::regclass, 'reward_transaction'::regclass,
    'campaign_reward_mapping'::regclass
  )
  AND NOT indisunique;

DO $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT table_name, name FROM swap_foreign_key LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', dropped.table_name, dropped.name);
  END LOOP;
  FOR dropped IN SELECT name FROM swap_index LOOP
    EXECUTE 'DROP INDEX ' || dropped.name;
  END LOOP;
END
$$;

TRUNCATE reward_transaction, reward_campaign, campaign, campaign_reward_mapping;

INSERT INTO campaign (id, name, status)
SELECT id, name, status FROM campaign_staging WHERE reason IS NULL ORDER BY id;

INSERT INTO reward_campaign (id, reward_name, updated_at, campaign_id)
SELECT id, reward_name, updated_at, campaign_id FROM reward_campaign_staging WHERE reason IS NULL ORDER BY id;

INSERT INTO reward_transaction (id, status, updated_at, reward_campaign_id)
SELECT id, status, updated_at, reward_campaign_id FROM reward_transaction_staging WHERE reason IS NULL ORDER BY id;

-- A pair listed twice is stored once.
INSERT INTO campaign_reward_mapping (campaign_id, reward_id)
SELECT DISTINCT campaign_id, reward_id FROM campaign_reward_mapping_staging ORDER BY campaign_id, reward_id;

DO $$
DECLARE
  restored record;
BEGIN
  FOR restored IN SELECT definition FROM swap_index ORDER BY name LOOP
    EXECUTE restored.definition;
  END LOOP;
  FOR restored IN SELECT table_name, name, definition FROM swap_foreign_key ORDER BY table_name, name LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', restored.table_name, restored.name, restored.definition);
  END LOOP;
END
$$;
