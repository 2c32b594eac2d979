-- Table names are fixed here, never taken from a request.
SELECT
  (SELECT count(*) FROM campaign) AS campaign,
  (SELECT count(*) FROM reward_campaign) AS reward_campaign,
  (SELECT count(*) FROM reward_transaction) AS reward_transaction,
  (SELECT count(*) FROM campaign_reward_mapping) AS campaign_reward_mapping,
  (SELECT count(*) FROM http_log) AS http_log
