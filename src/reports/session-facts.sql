-- Per stored session and campaign viewed in it, what campaign performance counts (campaign-totals.sql):
-- not a statement of its own, but the body of a CTE over a CTE named fact_session, one row per stored
-- session with at least user_id, campaigns (the viewed ids, repeats kept) and driving_campaign_ids (for
-- every driven issue, the campaigns that drove it), as report_session holds them. Its other columns are
-- carried along. The same facts as campaign_fact (session-campaign-facts.sql) gives while sessionizing.
SELECT
  fact_session.*,
  viewed.campaign_id,
  viewed.views,
  (SELECT count(*) FROM unnest(fact_session.driving_campaign_ids) AS driver (campaign_id)
   WHERE driver.campaign_id = viewed.campaign_id) AS driven_issues
FROM fact_session
CROSS JOIN LATERAL (
  SELECT campaign.campaign_id, count(*) AS views
  FROM unnest(fact_session.campaigns) AS campaign (campaign_id)
  GROUP BY campaign.campaign_id
) AS viewed
