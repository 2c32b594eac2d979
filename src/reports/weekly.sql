-- Weekly redemptions. Per reward campaign, transactions with status 'redeemed' counted per local week
-- of :tz, weeks starting Monday 00:00 (or Sunday when :week_start is 'sunday'). Weeks run without a gap
-- from the reward's first week with a redemption to its last, so the previous row is always the
-- previous calendar week; its percentage is null when that week had 0 or there is none.
--
-- :from_date and :to_date only pick which weeks are shown (those overlapping the dates): counts and
-- percentages are always those of whole weeks, so a row never changes with the range. :reward_campaign_id,
-- when given, shows that reward's weeks only.
WITH week_start AS (
  -- Shifting by a day turns date_trunc's Monday weeks into Sunday weeks. A searched CASE: Citus sends a
  -- simple CASE over a parameter to the shards deparsed wrongly.
  SELECT CASE WHEN :week_start::text = 'sunday' THEN interval '1 day' ELSE interval '0 days' END AS shift
),
redeemed AS (
  SELECT
    reward_transaction.reward_campaign_id,
    (
      date_trunc('week', (reward_transaction.updated_at AT TIME ZONE :tz::text) + week_start.shift)
      - week_start.shift
    ) AS week,
    count(*) AS redeemed_count
  FROM reward_transaction
  CROSS JOIN week_start
  WHERE reward_transaction.status = 'redeemed'
  GROUP BY reward_transaction.reward_campaign_id, week
),
series AS (
  SELECT span.reward_campaign_id, week.start AS week
  FROM (
    SELECT reward_campaign_id, min(week) AS first_week, max(week) AS last_week
    FROM redeemed
    GROUP BY reward_campaign_id
  ) AS span
  CROSS JOIN generate_series(span.first_week, span.last_week, interval '7 days') AS week (start)
),
counted AS (
  SELECT
    series.reward_campaign_id,
    series.week,
    coalesce(redeemed.redeemed_count, 0) AS this_week,
    lag(coalesce(redeemed.redeemed_count, 0)) OVER (
      PARTITION BY series.reward_campaign_id
      ORDER BY series.week
    ) AS previous_week
  FROM series
  LEFT JOIN redeemed
    ON redeemed.reward_campaign_id = series.reward_campaign_id AND redeemed.week = series.week
)
SELECT
  counted.reward_campaign_id,
  reward_campaign.reward_name,
  iso_date(counted.week) AS week,
  counted.this_week AS reward_redeemed_count,
  CASE
    WHEN counted.previous_week > 0
      THEN round((counted.this_week - counted.previous_week) * 100.0 / counted.previous_week, 2)
  END AS percentage_difference
FROM counted
JOIN reward_campaign ON reward_campaign.id = counted.reward_campaign_id
WHERE (:from_date::date IS NULL OR counted.week > :from_date::date - 7)
  AND (:to_date::date IS NULL OR counted.week <= :to_date::date)
  AND (:reward_campaign_id::bigint IS NULL OR counted.reward_campaign_id = :reward_campaign_id::bigint)
ORDER BY counted.reward_campaign_id, counted.week
