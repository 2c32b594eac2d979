-- The session and campaign reports of src/reports (session-steps.sql, session-campaign-facts.sql,
-- campaign-totals.sql), with the same definitions and results,
-- with DuckDB's QUALIFY and ASOF JOIN:
-- one window over each user's requests keeps only those that start a session (QUALIFY), and every request
-- then finds its session as the latest start of its user at or before it (ASOF JOIN). Equal times always
-- share a session (a gap is at least gap_seconds > 0), so the join compares times alone.
-- User ids are loaded as BIGINT: every id of the generated logs is digits without a leading zero, so the
-- number prints back as the same text (the fingerprint would show it if one did not), and sorting or
-- hashing 8 bytes costs less than a string.
-- bench/scale/duckdb-run.ts runs it; "-- step: <phase> <name>" heads each statement, and the load phase is
-- timed apart from the sessions phase (sessions and campaigns).

-- step: load http_log
CREATE OR REPLACE TABLE http_log AS
SELECT
  "timestamp",
  http_method,
  http_path,
  user_id,
  -- File order: DuckDB keeps the insertion order of one file's scan.
  row_number() OVER () AS source_line
FROM read_csv(
  getvariable('log_path'),
  delim = ' ',
  header = false,
  quote = '',
  escape = '',
  columns = {'timestamp': 'TIMESTAMPTZ', 'http_method': 'VARCHAR', 'http_path': 'VARCHAR', 'user_id': 'BIGINT'}
);

-- step: load campaign_reward_mapping
-- The file repeats pairs; a pair counts once.
CREATE OR REPLACE TABLE campaign_reward_mapping AS
SELECT DISTINCT campaign_id, reward_id
FROM read_csv(getvariable('mapping_path'), header = true, columns = {'campaign_id': 'BIGINT', 'reward_id': 'BIGINT'});

-- step: sessions classified
-- A view is GET /campaigns/<digits>, an issue POST /rewards/<digits>: 1 to 19 digits that a BIGINT holds
-- (19 digits compare as text like numbers). Gaps are compared in microseconds: subtracting two
-- TIMESTAMPTZ values goes through ICU's calendar arithmetic, several times as slow.
CREATE OR REPLACE TEMP TABLE classified AS
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
FROM http_log;

-- step: sessions opening
CREATE OR REPLACE TEMP TABLE opening AS
SELECT user_id, requested_at AS session_start
FROM classified
QUALIFY coalesce(
  epoch_us(requested_at) - epoch_us(lag(requested_at) OVER (PARTITION BY user_id ORDER BY requested_at))
    >= getvariable('gap_seconds') * 1000000,
  true
);

-- step: sessions request
CREATE OR REPLACE TEMP TABLE request AS
SELECT classified.*, opening.session_start
FROM classified
ASOF JOIN opening
  ON opening.user_id = classified.user_id
  AND opening.session_start <= classified.requested_at;

-- step: sessions campaign_session
-- Each session's views per campaign, and the first of them.
CREATE OR REPLACE TEMP TABLE campaign_session AS
SELECT user_id, session_start, viewed_campaign_id AS campaign_id, count(*) AS views, min(requested_at) AS first_viewed_at
FROM request
WHERE viewed_campaign_id IS NOT NULL
GROUP BY ALL;

-- step: sessions driven_issue
-- Each driven issue with every campaign that drove it: one whose first view in the session is no later.
CREATE OR REPLACE TEMP TABLE driven_issue AS
SELECT issue.user_id, issue.session_start, mapping.campaign_id
FROM request AS issue
JOIN campaign_reward_mapping AS mapping ON mapping.reward_id = issue.issued_reward_id
JOIN campaign_session AS viewed
  ON viewed.user_id = issue.user_id
  AND viewed.session_start = issue.session_start
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
    WHERE driven_issue.user_id = session.user_id AND driven_issue.session_start = session.session_start
  ) AS reward_driven_by_campaign_view
FROM (
  SELECT
    user_id,
    session_start,
    max(requested_at) AS session_end,
    coalesce(list_transform(list_sort(list({'at': requested_at, 'line': source_line, 'id': viewed_campaign_id})
      FILTER (WHERE viewed_campaign_id IS NOT NULL)), viewed -> viewed.id), []) AS campaigns,
    coalesce(list_transform(list_sort(list({'at': requested_at, 'line': source_line, 'id': issued_reward_id})
      FILTER (WHERE issued_reward_id IS NOT NULL)), issued -> issued.id), []) AS rewards_issued
  FROM request
  GROUP BY user_id, session_start
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
  SELECT user_id, session_start, campaign_id, count(*) AS issues
  FROM driven_issue
  GROUP BY ALL
) AS driven USING (user_id, session_start, campaign_id)
GROUP BY viewed.campaign_id
ORDER BY viewed.campaign_id;
