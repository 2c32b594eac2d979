-- The session and campaign reports of src/reports (session-steps.sql, session-campaign-facts.sql,
-- campaign-totals.sql), with the same definitions and results,
-- in one pass over a log sorted by user (the prepare
-- phase, reported apart): in file order, a request starts a session when its user differs from the
-- previous line's or its time is a gap or more later, and a running sum of those starts numbers every
-- session of the log. Windows without PARTITION BY or ORDER BY stream through the rows in file order,
-- the same insertion order that numbers the lines, so nothing is sorted; the fingerprint checks it.
-- User ids are loaded as BIGINT: every id of the generated logs is digits without a leading zero, so the
-- number prints back as the same text (the fingerprint would show it if one did not), and sorting or
-- hashing 8 bytes costs less than a string.
-- bench/scale/duckdb-run.ts runs it; "-- step: <phase> <name>" heads each statement, and the load phase is
-- timed apart from the sessions phase (sessions and campaigns).

-- step: prepare sort from user-lists-presorted

-- step: load http_log from user-lists-presorted

-- step: load campaign_reward_mapping from user-lists

-- step: sessions request
-- Every request, classified, with the number of its session in the log.
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
          THEN CAST(substr(http_path, 10) AS BIGINT) END AS issued_reward_id,
    CASE WHEN user_id IS DISTINCT FROM lag(user_id) OVER ()
        OR epoch_us("timestamp") - lag(epoch_us("timestamp")) OVER () >= getvariable('gap_seconds') * 1000000
      THEN 1 ELSE 0 END AS starts_session
  FROM http_log
)
SELECT
  user_id,
  requested_at,
  source_line,
  viewed_campaign_id,
  issued_reward_id,
  sum(starts_session) OVER (ROWS UNBOUNDED PRECEDING) AS session_number
FROM classified;

-- step: sessions campaign_session from gaps-and-islands

-- step: sessions driven_issue from gaps-and-islands

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
    coalesce(list_transform(list_sort(list({'at': requested_at, 'line': source_line, 'id': viewed_campaign_id})
      FILTER (WHERE viewed_campaign_id IS NOT NULL)), viewed -> viewed.id), []) AS campaigns,
    coalesce(list_transform(list_sort(list({'at': requested_at, 'line': source_line, 'id': issued_reward_id})
      FILTER (WHERE issued_reward_id IS NOT NULL)), issued -> issued.id), []) AS rewards_issued
  FROM request
  GROUP BY user_id, session_number
) AS session;

-- step: sessions report_campaign from gaps-and-islands
