-- Freshness after `perx ingest --append`, and the dashboard's session listing at scale.
--
-- new_request_span (003-ingest-append.sql, 009-citus.sql) read all of http_log to find the rows of the
-- appended files. A log file's rows are appended after those of every earlier file, so source_file_id
-- rises along the heap, and a BRIN index (a few kB; one pass to build, next to nothing to maintain) leads
-- straight to the appended pages. Pages appended after the index last summarized them are always read, so
-- an append finds its rows whether or not they are summarized yet. The function looks up the first new
-- file's id first and passes it as a value, so that its query is planned for that value (EXECUTE ...
-- USING): planned with an unknown bound, the BRIN scan would look no cheaper than reading everything.
CREATE INDEX http_log_source_file ON http_log USING brin (source_file_id);

CREATE OR REPLACE FUNCTION new_request_span(after_ingest_run_id integer)
RETURNS TABLE (user_id text, first_new_at timestamptz, last_new_at timestamptz, new_requests bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  first_new_file integer;
BEGIN
  SELECT min(file.id) INTO first_new_file
  FROM ingest_file AS file
  WHERE after_ingest_run_id IS NULL OR file.ingest_run_id > after_ingest_run_id;
  IF first_new_file IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT log.user_id, min(log."timestamp"), max(log."timestamp"), count(*)
     FROM http_log AS log
     WHERE log.source_file_id >= $1
       AND log.source_file_id IN (
         SELECT file.id FROM ingest_file AS file
         WHERE $2::integer IS NULL OR file.ingest_run_id > $2::integer
       )
     GROUP BY log.user_id'
  USING first_new_file, after_ingest_run_id;
END
$$;

-- The session listing (stored-sessions.sql, session-list.sql) pages a stored run's sessions in the order
-- asked, ties broken by user (digit-only ids as numbers first) and start. Each index below holds one
-- sort key after report_run_id, followed where ties are many by that tie-break, so that a page is read
-- from the index in order instead of sorting the run's every session; the expressions are exactly those
-- of session-list.sql once the sort is known, or the planner would not match them. A descending sort
-- reads an index backwards and re-sorts only the ties of its key (an incremental sort), which is cheap
-- where the largest values are rare; the flag report_session_driven_first serves its descending sort
-- with ascending ties, a backward read giving half the run as one tie.
CREATE INDEX report_session_user_order ON report_session (
  report_run_id,
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_run_end ON report_session (report_run_id, session_end);
CREATE INDEX report_session_duration ON report_session (
  report_run_id,
  (session_end - session_start),
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_campaign_count ON report_session (
  report_run_id,
  (cardinality(campaigns)),
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_issue_count ON report_session (
  report_run_id,
  (cardinality(rewards_issued)),
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_driven_count ON report_session (
  report_run_id,
  (cardinality(driven_rewards)),
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_driven ON report_session (
  report_run_id,
  reward_driven_by_campaign_view,
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
CREATE INDEX report_session_driven_first ON report_session (
  report_run_id,
  reward_driven_by_campaign_view DESC,
  (ltrim(user_id, '0123456789') <> ''),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN length(ltrim(user_id, '0')) END),
  (CASE WHEN ltrim(user_id, '0123456789') = '' THEN ltrim(user_id, '0') END),
  user_id,
  session_start
);
