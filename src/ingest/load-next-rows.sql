-- The staged rows that passed every check (load-checks.sql) go into the next tables of the four CSV
-- tables (006-ingest-publish.sql), in key order, so the same data set always leaves the same tables. The
-- next tables have no indexes yet: they are built afterwards in one pass each.
INSERT INTO next_campaign (id, name, status)
SELECT id, name, status FROM campaign_staging WHERE reason IS NULL ORDER BY id;

INSERT INTO next_reward_campaign (id, reward_name, updated_at, campaign_id)
SELECT id, reward_name, updated_at, campaign_id FROM reward_campaign_staging WHERE reason IS NULL ORDER BY id;

INSERT INTO next_reward_transaction (id, status, updated_at, reward_campaign_id)
SELECT id, status, updated_at, reward_campaign_id FROM reward_transaction_staging WHERE reason IS NULL ORDER BY id;

-- A pair listed twice is stored once.
INSERT INTO next_campaign_reward_mapping (campaign_id, reward_id)
SELECT DISTINCT campaign_id, reward_id FROM campaign_reward_mapping_staging ORDER BY campaign_id, reward_id;
