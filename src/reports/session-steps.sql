-- How requests become sessions: the one definition behind the session, session timeline and campaign
-- reports and their stored results, so they cannot disagree. Not a statement of its own: a statement
-- includes it into its WITH list (a line `#include session-steps.sql`, see named-sql.ts) right after a CTE
-- named scoped_log that picks the http_log rows to sessionize. :gap_seconds is the session gap. It defines:
--
--   request         every request of scoped_log, classified, with the first request of its session
--   session         one row per session: the report columns, and the campaigns that drove each driven
--                   issue (driving_campaign_ids), from which stored sessions give campaign performance
--
-- session-campaign-facts.sql, included after it, adds campaign_fact (what campaign performance adds up);
-- apart, so that a statement that does not count campaigns defines no CTE it does not use (Citus runs a
-- statement on the shards only when every CTE is inlined, and an unused one is not).
--
-- Definitions. Per user, requests are ordered by time, equal times keeping file order (source file, then
-- line). A request starts a session when the gap to the user's previous request is at least gap_seconds.
-- A campaign view is exactly `GET /campaigns/<digits>` and a reward issue exactly `POST /rewards/<digits>`,
-- with 1 to 19 digits whose value a bigint holds (every id the campaign and reward columns can hold);
-- anything else (`/campaigns/abc`, a trailing slash, a query string, `get`) is plain activity. The loader
-- classifies every request so as it loads it into http_log (viewed_campaign_id, issued_reward_id; see
-- src/ingest/request-class.ts). An issue of reward R at t2 is driven when the same session has a view of a
-- campaign C at t1 <= t2 (by time alone, so a view in the same second drives it even when its line comes
-- later) and (C, R) is in campaign_reward_mapping.
--
-- A session is computed from the requests in scoped_log only. A scope that keeps whole users from some
-- instant on, minus one gap (requests at or after starts_from - gap), yields every session starting at or
-- after starts_from exactly: such a request's real predecessor is either kept or more than a gap earlier,
-- when it starts a session whatever that predecessor was. Earlier sessions come out truncated, and the
-- statement must drop them (session_start >= starts_from).
--
-- Cost: one order by (user, time, file, line), read from the index http_log_user_time when the statement
-- reads the whole log (or one sort when the index cannot serve), serves the two windows that find the
-- sessions; the third window, per session, only re-sorts each user's rows (an incremental sort), and puts
-- the session's own columns on its first request. Driven issues come from each session's first view per
-- campaign, met once with that session's issues of the campaign's rewards, not from every view against
-- every issue.
request AS MATERIALIZED (
  SELECT
    sessionized.user_id,
    sessionized.session_start,
    sessionized.requested_at,
    sessionized.source_file_id,
    sessionized.source_line,
    sessionized.viewed_campaign_id,
    sessionized.issued_reward_id,
    sessionized.starts_session,
    CASE WHEN sessionized.starts_session THEN max(sessionized.requested_at) OVER this_session END
      AS session_end,
    CASE WHEN sessionized.starts_session THEN
      coalesce(
        array_agg(sessionized.viewed_campaign_id)
          FILTER (WHERE sessionized.viewed_campaign_id IS NOT NULL) OVER this_session,
        '{}'
      )
    END AS campaigns,
    CASE WHEN sessionized.starts_session THEN
      coalesce(
        array_agg(sessionized.issued_reward_id)
          FILTER (WHERE sessionized.issued_reward_id IS NOT NULL) OVER this_session,
        '{}'
      )
    END AS rewards_issued
  FROM (
    SELECT
      gapped.*,
      max(gapped.requested_at) FILTER (WHERE gapped.starts_session) OVER (
        PARTITION BY gapped.user_id
        ORDER BY gapped.requested_at, gapped.source_file_id, gapped.source_line
        ROWS UNBOUNDED PRECEDING
      ) AS session_start
    FROM (
      SELECT
        classified.*,
        coalesce(
          classified.requested_at - lag(classified.requested_at) OVER (
            PARTITION BY classified.user_id
            ORDER BY classified.requested_at, classified.source_file_id, classified.source_line
          ) >= :gap_seconds::integer * interval '1 second',
          true
        ) AS starts_session
      FROM (
        -- Classified as loaded (request-class.ts), so that the scan carries two ids instead of the
        -- method and path, and the index in this order holds all it reads. user_id compares bytewise (its
        -- collation is "C"), the cheapest sort, and the windows partition by the column itself, as a
        -- distributed database needs to run them where the user's rows are.
        SELECT
          log.user_id,
          log."timestamp" AS requested_at,
          log.source_file_id,
          log.source_line,
          log.viewed_campaign_id,
          log.issued_reward_id
        FROM scoped_log AS log
      ) AS classified
    ) AS gapped
  ) AS sessionized
  WINDOW this_session AS (
    PARTITION BY sessionized.user_id, sessionized.session_start
    ORDER BY sessionized.requested_at, sessionized.source_file_id, sessionized.source_line
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
  )
),
-- Each session's views per campaign, and the first of them.
campaign_session AS MATERIALIZED (
  SELECT
    user_id,
    session_start,
    viewed_campaign_id AS campaign_id,
    count(*) AS views,
    min(requested_at) AS first_viewed_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  GROUP BY user_id, session_start, viewed_campaign_id
),
-- Each issue with every campaign containing its reward: few rows, met with the first views below.
issue_campaign AS MATERIALIZED (
  SELECT
    issue.user_id,
    issue.session_start,
    issue.requested_at,
    issue.source_file_id,
    issue.source_line,
    issue.issued_reward_id,
    mapping.campaign_id
  FROM request AS issue
  JOIN campaign_reward_mapping AS mapping ON mapping.reward_id = issue.issued_reward_id
  WHERE issue.issued_reward_id IS NOT NULL
),
-- Each driven issue with every campaign that drove it: one whose first view in the session is no later.
driven_issue AS MATERIALIZED (
  SELECT issue.*
  FROM issue_campaign AS issue
  JOIN campaign_session AS viewed
    ON viewed.user_id = issue.user_id
    AND viewed.session_start = issue.session_start
    AND viewed.campaign_id = issue.campaign_id
    AND viewed.first_viewed_at <= issue.requested_at
),
-- Per session: the driven issues' rewards in request order, and for every driven issue the campaigns that
-- drove it (by id, repeats kept), which campaign performance counts from stored sessions.
driven_session AS (
  SELECT
    user_id,
    session_start,
    array_agg(issued_reward_id ORDER BY requested_at, source_file_id, source_line)
      FILTER (WHERE first_driver) AS driven_rewards,
    array_agg(campaign_id ORDER BY campaign_id) AS driving_campaign_ids
  FROM (
    SELECT
      driven_issue.*,
      -- A file line is one request: its first driving campaign stands for the issue.
      row_number() OVER (
        PARTITION BY user_id, session_start, requested_at, source_file_id, source_line
        ORDER BY campaign_id
      ) = 1 AS first_driver
    FROM driven_issue
  ) AS driver
  GROUP BY user_id, session_start
),
session AS (
  SELECT
    request.user_id,
    request.session_start,
    request.session_end,
    request.campaigns,
    request.rewards_issued,
    driven_session.driven_rewards IS NOT NULL AS reward_driven_by_campaign_view,
    coalesce(driven_session.driven_rewards, '{}') AS driven_rewards,
    coalesce(driven_session.driving_campaign_ids, '{}') AS driving_campaign_ids
  FROM request
  LEFT JOIN driven_session
    ON driven_session.user_id = request.user_id
    AND driven_session.session_start = request.session_start
  WHERE request.starts_session
)
