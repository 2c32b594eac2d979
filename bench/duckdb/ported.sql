-- The session and campaign reports of src/reports (README "C. Sessions" and "D. Campaign performance")
-- in DuckDB, ported from perx's SQL as it was: the first DuckDB peer, kept as one formulation among those
-- of this folder. Not product code: bench/scale/duckdb-run.ts runs it (for bench/index.ts and
-- bench/sessions.ts). It is slow for DuckDB mostly because it takes gaps as TIMESTAMPTZ differences (ICU
-- calendar arithmetic, several times a subtraction of microseconds) and sorts text user ids, in two
-- windows and three ordered aggregates.
--
-- Each statement follows a "-- step: <phase> <name>" line; the load phase is timed apart from the sessions
-- phase. getvariable('log_path') and getvariable('mapping_path') name the files; getvariable('gap_seconds')
-- is the session gap.

-- step: load http_log from user-lists

-- step: load campaign_reward_mapping
CREATE OR REPLACE TABLE campaign_reward_mapping AS
SELECT DISTINCT campaign_id, reward_id
FROM read_csv(getvariable('mapping_path'), header = true, columns = {'campaign_id': 'BIGINT', 'reward_id': 'BIGINT'});

-- step: sessions request
-- Requests, each with its session's first request (gaps and islands: a lag, then a running max).
CREATE OR REPLACE TEMP TABLE request AS
WITH classified AS (
  SELECT
    user_id,
    "timestamp" AS requested_at,
    source_line,
    -- 1 to 19 digits that a BIGINT holds (19 digits compare as text like numbers).
    CASE WHEN http_method = 'GET' AND regexp_full_match(http_path, '/campaigns/[0-9]{1,19}')
        AND (length(http_path) < 30 OR substr(http_path, 12) <= '9223372036854775807')
      THEN CAST(substr(http_path, 12) AS BIGINT) END AS viewed_campaign_id,
    CASE WHEN http_method = 'POST' AND regexp_full_match(http_path, '/rewards/[0-9]{1,19}')
        AND (length(http_path) < 28 OR substr(http_path, 10) <= '9223372036854775807')
      THEN CAST(substr(http_path, 10) AS BIGINT) END AS issued_reward_id,
    coalesce(
      "timestamp" - lag("timestamp") OVER by_user_time >= to_seconds(getvariable('gap_seconds')),
      true
    ) AS starts_session
  FROM http_log
  WINDOW by_user_time AS (PARTITION BY user_id ORDER BY "timestamp", source_line)
)
SELECT
  *,
  max(CASE WHEN starts_session THEN requested_at END) OVER (
    PARTITION BY user_id ORDER BY requested_at, source_line ROWS UNBOUNDED PRECEDING
  ) AS session_start
FROM classified;

-- step: sessions report_session
CREATE OR REPLACE TABLE report_session AS
WITH first_view AS (
  SELECT user_id, session_start, viewed_campaign_id AS campaign_id, min(requested_at) AS first_viewed_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  GROUP BY ALL
),
driven_from AS (
  SELECT issued.user_id, issued.session_start, issued.reward_id, min(first_view.first_viewed_at) AS since
  FROM (
    SELECT DISTINCT user_id, session_start, issued_reward_id AS reward_id
    FROM request
    WHERE issued_reward_id IS NOT NULL
  ) AS issued
  JOIN campaign_reward_mapping AS mapping ON mapping.reward_id = issued.reward_id
  JOIN first_view
    ON first_view.user_id = issued.user_id
    AND first_view.session_start = issued.session_start
    AND first_view.campaign_id = mapping.campaign_id
  GROUP BY ALL
)
SELECT
  request.user_id,
  request.session_start,
  max(request.requested_at) AS session_end,
  coalesce(list(request.viewed_campaign_id ORDER BY request.requested_at, request.source_line)
    FILTER (WHERE request.viewed_campaign_id IS NOT NULL), []) AS campaigns,
  coalesce(list(request.issued_reward_id ORDER BY request.requested_at, request.source_line)
    FILTER (WHERE request.issued_reward_id IS NOT NULL), []) AS rewards_issued,
  coalesce(bool_or(request.requested_at >= driven_from.since), false) AS reward_driven_by_campaign_view,
  coalesce(list(request.issued_reward_id ORDER BY request.requested_at, request.source_line)
    FILTER (WHERE request.requested_at >= driven_from.since), []) AS driven_rewards
FROM request
LEFT JOIN driven_from
  ON driven_from.user_id = request.user_id
  AND driven_from.session_start = request.session_start
  AND driven_from.reward_id = request.issued_reward_id
GROUP BY request.user_id, request.session_start;

-- step: sessions report_campaign
CREATE OR REPLACE TABLE report_campaign AS
WITH campaign_session AS (
  SELECT
    viewed_campaign_id AS campaign_id,
    user_id,
    session_start,
    count(*) AS views,
    min(requested_at) AS first_viewed_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  GROUP BY ALL
),
driven AS (
  SELECT campaign_session.campaign_id, campaign_session.user_id, campaign_session.session_start, count(*) AS issues
  FROM campaign_session
  JOIN campaign_reward_mapping AS mapping ON mapping.campaign_id = campaign_session.campaign_id
  JOIN request AS issue
    ON issue.user_id = campaign_session.user_id
    AND issue.session_start = campaign_session.session_start
    AND issue.issued_reward_id = mapping.reward_id
    AND issue.requested_at >= campaign_session.first_viewed_at
  GROUP BY ALL
)
SELECT
  campaign_session.campaign_id,
  sum(campaign_session.views)::BIGINT AS views,
  count(DISTINCT campaign_session.user_id) AS unique_viewers,
  count(*) AS sessions_with_view,
  coalesce(sum(driven.issues), 0)::BIGINT AS driven_issues,
  count(driven.campaign_id) AS driven_sessions,
  round(count(driven.campaign_id) / count(*), 4) AS conversion
FROM campaign_session
LEFT JOIN driven
  ON driven.campaign_id = campaign_session.campaign_id
  AND driven.user_id = campaign_session.user_id
  AND driven.session_start = campaign_session.session_start
GROUP BY campaign_session.campaign_id
ORDER BY campaign_session.campaign_id;
