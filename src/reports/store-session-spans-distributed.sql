-- On Citus: what store-session-spans.sql finds (its header says why these spans), with the stored
-- sessions joined rather than looked up user by user: Citus pushes a join by user_id down to the shards,
-- and a LATERAL aggregate over a distributed table not at all.
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
spans AS (
  INSERT INTO session_recompute (user_id, span_start, span_end, new_requests, sessions_touched)
  SELECT
    new_request.user_id,
    least(new_request.first_new_at, min(stored.session_start)),
    greatest(new_request.last_new_at, max(stored.session_end)),
    new_request.new_requests,
    count(stored.session_start)
  FROM new_request
  LEFT JOIN report_session AS stored
    ON stored.report_run_id = :report_run_id::integer
    AND stored.user_id = new_request.user_id
    AND stored.session_end > new_request.first_new_at - :gap_seconds::integer * interval '1 second'
    AND stored.session_start < new_request.last_new_at + :gap_seconds::integer * interval '1 second'
  GROUP BY new_request.user_id, new_request.first_new_at, new_request.last_new_at, new_request.new_requests
  RETURNING new_requests, sessions_touched
)
SELECT
  count(*) AS users,
  coalesce(sum(new_requests), 0) AS new_requests,
  coalesce(sum(sessions_touched), 0) AS sessions_touched
FROM spans
