-- The session and campaign reports of src/reports (session-steps.sql, session-campaign-facts.sql,
-- campaign-totals.sql), with the same definitions and results,
-- the way DuckDB's list functions allow: each user's requests gathered
-- into one list by a hash aggregate (no sort of the whole log), each list cut into sessions where the gap
-- is at least gap_seconds, and only views and issues unnested again to find the driven issues.
-- User ids are loaded as BIGINT: every id of the generated logs is digits without a leading zero, so the
-- number prints back as the same text (the fingerprint would show it if one did not), and sorting or
-- hashing 8 bytes costs less than a string.
-- The log is first sorted by user (the prepare phase, reported apart), so each user's requests arrive
-- together and mostly in order.
-- bench/scale/duckdb-run.ts runs it; "-- step: <phase> <name>" heads each statement, and the load phase is
-- timed apart from the sessions phase (sessions and campaigns).

-- step: prepare sort
-- The log sorted by user, then time, then line, written as a log again: what a pipeline that keeps its
-- log sorted by user would hand over. Its time is reported apart and not counted in the anchor. The
-- sorted file's line order keeps equal times in their first file order.
COPY (
  SELECT column0, column1, column2, column3
  FROM read_csv(getvariable('log_path'), delim = ' ', header = false, quote = '', escape = '', all_varchar = true)
  ORDER BY column3::BIGINT, column0::TIMESTAMPTZ, row_number() OVER ()
) TO (getvariable('sorted_log_path')) (DELIMITER ' ', HEADER false, QUOTE '', ESCAPE '');

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
  getvariable('sorted_log_path'),
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

-- step: sessions user_requests
-- Each user's requests in one list, classified, put in order (time, then file order) by sorting each short
-- list: an aggregate with ORDER BY would sort every group apart and cost ten times as much.
-- A view is GET /campaigns/<digits>, an issue POST /rewards/<digits>: 1 to 19 digits that a BIGINT holds
-- (19 digits compare as text like numbers). Gaps are compared in microseconds: subtracting two
-- TIMESTAMPTZ values goes through ICU's calendar arithmetic, several times as slow.
CREATE OR REPLACE TEMP TABLE user_requests AS
SELECT
  user_id,
  list_sort(list({
    'at': "timestamp",
    'line': source_line,
    'campaign': CASE WHEN http_method = 'GET' AND regexp_full_match(http_path, '/campaigns/[0-9]{1,19}')
            AND (length(http_path) < 30 OR substr(http_path, 12) <= '9223372036854775807')
          THEN CAST(substr(http_path, 12) AS BIGINT) END,
    'reward': CASE WHEN http_method = 'POST' AND regexp_full_match(http_path, '/rewards/[0-9]{1,19}')
            AND (length(http_path) < 28 OR substr(http_path, 10) <= '9223372036854775807')
          THEN CAST(substr(http_path, 10) AS BIGINT) END
  })) AS requests
FROM http_log
GROUP BY user_id;

-- step: sessions session
-- Each list cut before every request a gap or more after the previous one: one row per session, with its
-- requests in order.
CREATE OR REPLACE TEMP TABLE session AS
WITH timed AS (
  SELECT user_id, requests, list_transform(requests, request -> epoch_us(request.at)) AS micros
  FROM user_requests
),
cut AS (
  SELECT
    user_id,
    requests,
    [i FOR i IN range(1, len(micros) + 1)
      IF i = 1 OR micros[i] - micros[i - 1] >= getvariable('gap_seconds') * 1000000] AS starts
  FROM timed
),
split AS (
  SELECT
    user_id,
    unnest(list_transform(starts, (start, k) -> requests[start : coalesce(starts[k + 1] - 1, len(requests))]))
      AS requests
  FROM cut
)
SELECT
  user_id,
  requests[1].at AS session_start,
  -- The list is in time order: its last request is the latest.
  requests[-1].at AS session_end,
  requests
FROM split;

-- step: sessions request
-- Only views and issues become rows again, with their session.
CREATE OR REPLACE TEMP TABLE request AS
SELECT
  user_id,
  session_start,
  request.at AS requested_at,
  request.campaign AS viewed_campaign_id,
  request.reward AS issued_reward_id
FROM (
  SELECT
    user_id,
    session_start,
    unnest(list_filter(requests, request -> request.campaign IS NOT NULL OR request.reward IS NOT NULL)) AS request
  FROM session
);

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
  [request.campaign FOR request IN requests IF request.campaign IS NOT NULL] AS campaigns,
  [request.reward FOR request IN requests IF request.reward IS NOT NULL] AS rewards_issued,
  EXISTS (
    SELECT 1 FROM driven_issue
    WHERE driven_issue.user_id = session.user_id AND driven_issue.session_start = session.session_start
  ) AS reward_driven_by_campaign_view
FROM session;

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
