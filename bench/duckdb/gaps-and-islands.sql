-- The session and campaign reports of src/reports (session-steps.sql, session-campaign-facts.sql,
-- campaign-totals.sql), with the same definitions and results,
-- as textbook gaps and islands that any SQL engine runs: a lag finds the requests that start a
-- session, a running sum of them numbers each user's sessions, GROUP BY makes the sessions, and EXISTS
-- marks the driven ones.
-- bench/scale/duckdb-run.ts runs it; "-- step: <phase> <name>" heads each statement, and the load phase is
-- timed apart from the sessions phase (sessions and campaigns).

-- step: load http_log from user-lists

-- step: load campaign_reward_mapping from user-lists

-- step: sessions request
-- Every request, classified, with its user's session number: a lag marks the requests that start a
-- session, and a running sum of the marks numbers them.
-- A view is GET /campaigns/<digits>, an issue POST /rewards/<digits>: 1 to 19 digits that a BIGINT holds
-- (19 digits compare as text like numbers). Gaps are compared in microseconds: subtracting two
-- TIMESTAMPTZ values goes through ICU's calendar arithmetic, several times as slow.
CREATE OR REPLACE TEMP TABLE request AS
WITH classified AS (
  SELECT
    user_id,
    "timestamp" AS requested_at,
    source_line,
    CASE WHEN http_method = 'GET' AND regexp_full_match(http_path, '/campaigns/[0-9]{1,19}')
            AND (length(http_path) < 30 OR substr(http_path, 12) <= '9223372036854775807')
          THEN CAST(substr(http_path, 12) AS BIGINT) END AS viewed_campaign_id,
    CASE WHEN http_method = 'POST' AND regexp_full_match(http_path, '/rewards/[0-9]{1,19}')
            AND (length(http_path) < 28 OR substr(http_path, 10) <= '9223372036854775807')
          THEN CAST(substr(http_path, 10) AS BIGINT) END AS issued_reward_id
  FROM http_log
),
gapped AS (
  SELECT
    *,
    CASE WHEN coalesce(
        epoch_us(requested_at) - epoch_us(lag(requested_at) OVER by_user_time) >= getvariable('gap_seconds') * 1000000,
        true
      ) THEN 1 ELSE 0 END AS starts_session
  FROM classified
  WINDOW by_user_time AS (PARTITION BY user_id ORDER BY requested_at, source_line)
)
SELECT
  user_id,
  requested_at,
  source_line,
  viewed_campaign_id,
  issued_reward_id,
  sum(starts_session) OVER (
    PARTITION BY user_id ORDER BY requested_at, source_line ROWS UNBOUNDED PRECEDING
  ) AS session_number
FROM gapped;

-- step: sessions campaign_session
-- Each session's views per campaign, and the first of them.
CREATE OR REPLACE TEMP TABLE campaign_session AS
SELECT user_id, session_number, viewed_campaign_id AS campaign_id, count(*) AS views, min(requested_at) AS first_viewed_at
FROM request
WHERE viewed_campaign_id IS NOT NULL
GROUP BY ALL;

-- step: sessions driven_issue
-- Each driven issue with every campaign that drove it: one whose first view in the session is no later.
CREATE OR REPLACE TEMP TABLE driven_issue AS
SELECT issue.user_id, issue.session_number, mapping.campaign_id
FROM request AS issue
JOIN campaign_reward_mapping AS mapping ON mapping.reward_id = issue.issued_reward_id
JOIN campaign_session AS viewed
  ON viewed.user_id = issue.user_id
  AND viewed.session_number = issue.session_number
  AND viewed.campaign_id = mapping.campaign_id
  AND viewed.first_viewed_at <= issue.requested_at;

-- step: sessions report_session
CREATE OR REPLACE TABLE report_session AS
SELECT
  user_id,
  session_start,
  session_end,
  campaigns,
  rewards_issued,
  EXISTS (
    SELECT 1 FROM driven_issue
    WHERE driven_issue.user_id = session.user_id AND driven_issue.session_number = session.session_number
  ) AS reward_driven_by_campaign_view
FROM (
  SELECT
    user_id,
    session_number,
    min(requested_at) AS session_start,
    max(requested_at) AS session_end,
    coalesce(list(viewed_campaign_id ORDER BY requested_at, source_line)
      FILTER (WHERE viewed_campaign_id IS NOT NULL), []) AS campaigns,
    coalesce(list(issued_reward_id ORDER BY requested_at, source_line)
      FILTER (WHERE issued_reward_id IS NOT NULL), []) AS rewards_issued
  FROM request
  GROUP BY user_id, session_number
) AS session;

-- step: sessions report_campaign
CREATE OR REPLACE TABLE report_campaign AS
SELECT
  viewed.campaign_id,
  sum(viewed.views)::BIGINT AS views,
  count(DISTINCT viewed.user_id) AS unique_viewers,
  count(*) AS sessions_with_view,
  coalesce(sum(driven.issues), 0)::BIGINT AS driven_issues,
  count(driven.issues) AS driven_sessions,
  round(count(driven.issues) / count(*), 4) AS conversion
FROM campaign_session AS viewed
LEFT JOIN (
  SELECT user_id, session_number, campaign_id, count(*) AS issues
  FROM driven_issue
  GROUP BY ALL
) AS driven USING (user_id, session_number, campaign_id)
GROUP BY viewed.campaign_id
ORDER BY viewed.campaign_id;
