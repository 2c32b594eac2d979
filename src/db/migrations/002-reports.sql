-- Sessionization, shared by the session, session-timeline and campaign reports so they cannot disagree.
--
-- Every stored request is activity. Per user, requests are ordered by time, and equal times keep file
-- order (source file, then line). A request starts a new session when the gap to the user's previous
-- request is at least gap_seconds. A campaign view is exactly `GET /campaigns/<digits>` and a reward
-- issue exactly `POST /rewards/<digits>`, with 1 to 15 digits (every such id is exact as a JavaScript
-- number); anything else (`/campaigns/abc`, a trailing slash, a query string, `get`) is plain activity.
--
-- only_user_id, when not null, keeps one user's requests; sessions are per user, so this changes no
-- session. starts_from, when not null, drops requests that cannot belong to a session starting at or
-- after it: a request at t >= starts_from has its real predecessor either at or after
-- starts_from - gap (kept) or earlier (then it starts a session whatever that predecessor was), so the
-- sessions starting at or after starts_from come out exactly as without the bound. Sessions that started
-- earlier come out truncated and must be filtered away by the caller (session_start >= starts_from).
--
-- Both windows share one ordering, so one sort serves them; user_id is compared bytewise (COLLATE "C"),
-- which is faster than a linguistic collation and orders the same on every server.
CREATE FUNCTION sessionized_request(gap_seconds integer, only_user_id text, starts_from timestamptz)
RETURNS TABLE (
  user_id text,
  session_start timestamptz,
  requested_at timestamptz,
  source_file_id integer,
  source_line bigint,
  http_method text,
  http_path text,
  viewed_campaign_id bigint,
  issued_reward_id bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT
    request.user_id,
    max(request.requested_at) FILTER (WHERE request.starts_session) OVER by_user_time,
    request.requested_at,
    request.source_file_id,
    request.source_line,
    request.http_method,
    request.http_path,
    -- Digits checked with string functions: a regular expression costs ten times as much per row.
    CASE
      WHEN request.http_method = 'GET'
        AND left(request.http_path, 11) = '/campaigns/'
        AND length(request.http_path) BETWEEN 12 AND 26
        AND ltrim(substr(request.http_path, 12), '0123456789') = ''
        THEN substr(request.http_path, 12)::bigint
    END,
    CASE
      WHEN request.http_method = 'POST'
        AND left(request.http_path, 9) = '/rewards/'
        AND length(request.http_path) BETWEEN 10 AND 24
        AND ltrim(substr(request.http_path, 10), '0123456789') = ''
        THEN substr(request.http_path, 10)::bigint
    END
  FROM (
    SELECT
      log.user_id COLLATE "C" AS user_id,
      log."timestamp" AS requested_at,
      log.source_file_id,
      log.source_line,
      log.http_method,
      log.http_path,
      coalesce(
        log."timestamp" - lag(log."timestamp") OVER by_user_time >= gap_seconds * interval '1 second',
        true
      ) AS starts_session
    FROM http_log AS log
    WHERE (only_user_id IS NULL OR log.user_id = only_user_id)
      AND (starts_from IS NULL OR log."timestamp" >= starts_from - gap_seconds * interval '1 second')
    WINDOW by_user_time AS (
      PARTITION BY log.user_id COLLATE "C"
      ORDER BY log."timestamp", log.source_file_id, log.source_line
    )
  ) AS request
  WINDOW by_user_time AS (
    PARTITION BY request.user_id
    ORDER BY request.requested_at, request.source_file_id, request.source_line
    ROWS UNBOUNDED PRECEDING
  )
$$;

-- One row per computed report: what was asked, from which ingest, when, and how big the answer was.
-- `perx report all` keeps every run's row here but only the newest run's result rows.
CREATE TABLE report_run (
  id serial PRIMARY KEY,
  report text NOT NULL CHECK (report IN ('engagement', 'weekly', 'sessions', 'campaigns')),
  params jsonb NOT NULL,
  -- The latest succeeded ingest when the report was computed; null when nothing had been ingested.
  ingest_run_id integer REFERENCES ingest_run (id) ON DELETE SET NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  row_count bigint NOT NULL,
  duration_ms integer NOT NULL
);
CREATE INDEX report_run_latest ON report_run (report, id);

-- Each result table holds a report's output columns, typed, tagged with the run that computed them.
CREATE TABLE report_engagement (
  report_run_id integer NOT NULL REFERENCES report_run (id) ON DELETE CASCADE,
  campaign_id bigint NOT NULL,
  campaign_name text NOT NULL,
  no_of_transactions bigint NOT NULL,
  date date NOT NULL,
  time text NOT NULL
);
CREATE INDEX report_engagement_run ON report_engagement (report_run_id, campaign_id);

CREATE TABLE report_weekly (
  report_run_id integer NOT NULL REFERENCES report_run (id) ON DELETE CASCADE,
  reward_campaign_id bigint NOT NULL,
  reward_name text NOT NULL,
  week date NOT NULL,
  reward_redeemed_count bigint NOT NULL,
  percentage_difference numeric
);
CREATE INDEX report_weekly_run ON report_weekly (report_run_id, reward_campaign_id, week);

CREATE TABLE report_session (
  report_run_id integer NOT NULL REFERENCES report_run (id) ON DELETE CASCADE,
  user_id text COLLATE "C" NOT NULL,
  session_start timestamptz NOT NULL,
  session_end timestamptz NOT NULL,
  campaigns bigint[] NOT NULL,
  rewards_issued bigint[] NOT NULL,
  reward_driven_by_campaign_view boolean NOT NULL,
  driven_rewards bigint[] NOT NULL
);
CREATE INDEX report_session_run ON report_session (report_run_id, user_id, session_start);
CREATE INDEX report_session_run_start ON report_session (report_run_id, session_start);

CREATE TABLE report_campaign (
  report_run_id integer NOT NULL REFERENCES report_run (id) ON DELETE CASCADE,
  campaign_id bigint NOT NULL,
  views bigint NOT NULL,
  unique_viewers bigint NOT NULL,
  sessions_with_view bigint NOT NULL,
  driven_issues bigint NOT NULL,
  driven_sessions bigint NOT NULL,
  conversion numeric NOT NULL
);
CREATE INDEX report_campaign_run ON report_campaign (report_run_id, campaign_id);
