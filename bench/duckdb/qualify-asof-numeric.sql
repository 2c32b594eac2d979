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

-- step: load http_log from user-lists-numeric

-- step: load campaign_reward_mapping from user-lists

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

-- step: sessions campaign_session from user-lists

-- step: sessions driven_issue from user-lists

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

-- step: sessions report_campaign from user-lists
