ANALYZE campaign_staging, reward_campaign_staging, reward_transaction_staging;

-- A repeated id keeps its first line; the later lines are rejected.
UPDATE campaign_staging AS staged
SET reason = 'duplicate id ' || staged.id || ' (first on line ' || first.source_line || ')'
FROM (SELECT id, min(source_line) AS source_line FROM campaign_staging GROUP BY id HAVING count(*) > 1) AS first
WHERE staged.id = first.id AND staged.source_line > first.source_line;

UPDATE reward_campaign_staging AS staged
SET reason = 'duplicate id ' || staged.id || ' (first on line ' || first.source_line || ')'
FROM (SELECT id, min(source_line) AS source_line FROM reward_campaign_staging GROUP BY id HAVING count(*) > 1) AS first
WHERE staged.id = first.id AND staged.source_line > first.source_line;

UPDATE reward_transaction_staging AS staged
SET reason = 'duplicate id ' || staged.id || ' (first on line ' || first.source_line || ')'
FROM (SELECT id, min(source_line) AS source_line FROM reward_transaction_staging GROUP BY id HAVING count(*) > 1) AS first
WHERE staged.id = first.id AND staged.source_line > first.source_line;

-- Foreign keys, parents first: a reward campaign refused here leaves its transactions unknown too.
UPDATE reward_campaign_staging AS staged
SET reason = 'unknown campaign ' || staged.campaign_id
WHERE staged.reason IS NULL
  AND NOT EXISTS (
    SELECT FROM campaign_staging AS campaign
    WHERE campaign.id = staged.campaign_id AND campaign.reason IS NULL
  );

UPDATE reward_transaction_staging AS staged
SET reason = 'unknown reward campaign ' || staged.reward_campaign_id
WHERE staged.reason IS NULL
  AND NOT EXISTS (
    SELECT FROM reward_campaign_staging AS reward_campaign
    WHERE reward_campaign.id = staged.reward_campaign_id AND reward_campaign.reason IS NULL
  );
