-- The users with requests loaded after ingest run :after_ingest_run_id (appended log files;
-- new_request_span in the migrations lists them), each with the span of their stored sessions (those of
-- report run :report_run_id) that the new requests can change, into session_recompute, a temporary table
-- of the transaction; store-sessions-incremental.sql then recomputes the sessions in those spans.
--
-- A user's new requests span [first_new_at, last_new_at]. A stored session of that user can change only
-- when it comes within one gap of that span (session_end > first_new_at - gap and session_start <
-- last_new_at + gap): farther sessions keep a gap of at least one gap to every new request, and so their
-- bounds. The recompute span runs from the earliest such session's start (or first_new_at) to the latest
-- one's end (or last_new_at). Its start starts a session: the requests before it belong to sessions
-- ending a gap or more before it. Its end ends one: the next request starts a later, unchanged session a
-- gap or more after it. So the sessions starting in the span, computed from the user's requests in it
-- (and one gap before, see session-steps.sql), are exactly those of a full recompute, and they replace
-- the stored sessions starting in the span.
WITH new_request AS MATERIALIZED (
  SELECT * FROM new_request_span(:after_ingest_run_id::integer)
),
-- Each user's stored sessions are looked up through report_session_run, user by user (a LATERAL
-- aggregate always runs once per outer row): a join could read the whole run, every stored session, for
-- the few users an append touches.
spans AS (
  INSERT INTO session_recompute (user_id, span_start, span_end, new_requests, sessions_touched)
  SELECT
    new_request.user_id,
    least(new_request.first_new_at, stored.first_start),
    greatest(new_request.last_new_at, stored.last_end),
    new_request.new_requests,
    stored.touched
  FROM new_request
  CROSS JOIN LATERAL (
    SELECT
      min(session.session_start) AS first_start,
      max(session.session_end) AS last_end,
      count(*) AS touched
    FROM report_session AS session
    WHERE session.report_run_id = :report_run_id::integer
      AND session.user_id = new_request.user_id
      AND session.session_end > new_request.first_new_at - :gap_seconds::integer * interval '1 second'
      AND session.session_start < new_request.last_new_at + :gap_seconds::integer * interval '1 second'
  ) AS stored
  RETURNING new_requests, sessions_touched
)
SELECT
  count(*) AS users,
  coalesce(sum(new_requests), 0) AS new_requests,
  coalesce(sum(sessions_touched), 0) AS sessions_touched
FROM spans
