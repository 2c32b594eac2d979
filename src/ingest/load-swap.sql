-- Replaces the contents of the four CSV tables with the staged rows that passed every check. Rows go in
-- key order, so the same data set always leaves the same tables.
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
