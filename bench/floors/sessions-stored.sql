-- The sessions floor (postgres-floors.ts): what finding and storing the sessions of the users in
-- [$1, $2) costs PostgreSQL at least, null bounds open. Each session's start, end, viewed campaigns and
-- issued rewards, by the cheapest formulation found: the log read in session order from its covering
-- index, one window for the gap to the previous request, one running count numbering the sessions, then
-- one hash aggregate per session, stored in a plain table. No driven flag, no driving campaigns, no
-- campaign performance, no listing order: perx computes and stores all of those besides
-- (session-steps.sql, whose gap and request order this restates, so that the floor runs none of its
-- other steps). The arrays take the requests in the order the windows leave them, which is request
-- order here, though SQL promises no order without an ORDER BY; the bench compares them with perx's.
INSERT INTO bench_floor_session (user_id, session_start, session_end, campaigns, rewards_issued)
SELECT
  user_id,
  min(requested_at),
  max(requested_at),
  coalesce(array_agg(viewed_campaign_id) FILTER (WHERE viewed_campaign_id IS NOT NULL), '{}'),
  coalesce(array_agg(issued_reward_id) FILTER (WHERE issued_reward_id IS NOT NULL), '{}')
FROM (
  SELECT
    gapped.*,
    count(*) FILTER (WHERE gapped.starts_session) OVER (
      PARTITION BY gapped.user_id
      ORDER BY gapped.requested_at, gapped.source_file_id, gapped.source_line
      ROWS UNBOUNDED PRECEDING
    ) AS session_number
  FROM (
    SELECT
      log.user_id,
      log."timestamp" AS requested_at,
      log.source_file_id,
      log.source_line,
      log.viewed_campaign_id,
      log.issued_reward_id,
      coalesce(
        log."timestamp" - lag(log."timestamp") OVER (
          PARTITION BY log.user_id
          ORDER BY log."timestamp", log.source_file_id, log.source_line
        ) >= $3::integer * interval '1 second',
        true
      ) AS starts_session
    FROM http_log AS log
    WHERE ($1::text IS NULL OR log.user_id >= $1::text)
      AND ($2::text IS NULL OR log.user_id < $2::text)
  ) AS gapped
) AS numbered
GROUP BY user_id, session_number
