-- Brings the stored sessions of report run :report_run_id up to date with the requests appended since
-- they were computed, recomputing only the sessions those requests can change, for the users and spans
-- in session_recompute (a temporary table of the transaction, filled by store-session-spans.sql, whose
-- header gives why exactly these sessions). Everything else stays as stored: the sessions starting in a
-- user's span are replaced by those computed from the user's requests in it (and one gap before, see
-- session-steps.sql), which go to session_recomputed, another temporary table of the transaction, and
-- from there to report_session_recent (016-recent-sessions.sql says why). Not at once: this statement
-- reads that table user by user, planned as it was before, and would read it again for every user as it
-- fills. Planned while empty, any way to read it looks free: a scan of it per user took 3.4 s for 10,000
-- users at 10M requests, and a whole partial index of it per user, with scans priced out, 24 s.
--
-- It also fills campaign_totals_change, another temporary table of the transaction, with what the
-- recompute changes in campaign performance.
WITH recompute AS MATERIALIZED (
  SELECT user_id, span_start, span_end FROM session_recompute
),
-- The stored sessions are reached user by user through report_session_run (LATERAL, kept from being
-- flattened into a join by OFFSET 0), and deleted by their row addresses: a join could read the run's
-- every session for the few users an append touches. A row address names a row of one table, so those
-- of report_session itself (ONLY) and those of report_session_recent, its child, are deleted apart.
replaced AS (
  DELETE FROM ONLY report_session AS stored
  WHERE stored.ctid = ANY (ARRAY(
    SELECT touched.ctid
    FROM recompute
    CROSS JOIN LATERAL (
      SELECT session.ctid
      FROM ONLY report_session AS session
      WHERE session.report_run_id = :report_run_id::integer
        AND session.user_id = recompute.user_id
        AND session.session_start BETWEEN recompute.span_start AND recompute.span_end
      OFFSET 0
    ) AS touched
  ))
  RETURNING 1
),
-- The recent sessions replaced: those of earlier appends (016-recent-sessions.sql), a small table.
replaced_recent AS (
  DELETE FROM report_session_recent AS stored
  USING recompute
  WHERE stored.report_run_id = :report_run_id::integer
    AND stored.user_id = recompute.user_id
    AND stored.session_start BETWEEN recompute.span_start AND recompute.span_end
  RETURNING 1
),
scoped_log AS (
  SELECT log.*
  FROM recompute
  JOIN http_log AS log
    ON log.user_id = recompute.user_id
    AND log."timestamp" >= recompute.span_start - :gap_seconds::integer * interval '1 second'
    AND log."timestamp" <= recompute.span_end
),
#include session-steps.sql
,
-- The recomputed sessions: those starting in the span (earlier ones come out truncated).
recomputed AS MATERIALIZED (
  SELECT session.*
  FROM session
  JOIN recompute ON recompute.user_id = session.user_id
  WHERE session.session_start >= recompute.span_start
),
stored AS (
INSERT INTO session_recomputed
#include session-row.sql
  FROM recomputed AS session
  RETURNING 1
),
-- Campaign performance changes only through the recomputed users, whose sessions before and after are
-- all at hand: the stored ones, then those outside the span with the recomputed ones. Their totals after
-- minus their totals before is the change, distinct viewers included, since every other user counts the
-- same in both (store-campaigns-incremental.sql adds it to the stored totals).
user_session AS MATERIALIZED (
  SELECT
    stored.user_id,
    stored.campaigns,
    stored.driving_campaign_ids,
    true AS before,
    stored.session_start NOT BETWEEN recompute.span_start AND recompute.span_end AS after
  FROM recompute
  CROSS JOIN LATERAL (
    SELECT session.user_id, session.campaigns, session.driving_campaign_ids, session.session_start
    FROM report_session AS session
    WHERE session.report_run_id = :report_run_id::integer AND session.user_id = recompute.user_id
    OFFSET 0
  ) AS stored
  UNION ALL
  SELECT user_id, campaigns, driving_campaign_ids, false, true
  FROM recomputed
),
-- Per session and viewed campaign, its views and the issues it drove (session-facts.sql).
user_fact AS MATERIALIZED (
  WITH fact_session AS (SELECT * FROM user_session)
#include session-facts.sql
),
totals_before AS (
  WITH counted_fact AS (SELECT * FROM user_fact WHERE before)
#include campaign-totals.sql
),
totals_after AS (
  WITH counted_fact AS (SELECT * FROM user_fact WHERE after)
#include campaign-totals.sql
),
changed AS (
  INSERT INTO campaign_totals_change (
    campaign_id,
    views,
    unique_viewers,
    sessions_with_view,
    driven_issues,
    driven_sessions
  )
  SELECT
    coalesce(after.campaign_id, before.campaign_id),
    coalesce(after.views, 0) - coalesce(before.views, 0),
    coalesce(after.unique_viewers, 0) - coalesce(before.unique_viewers, 0),
    coalesce(after.sessions_with_view, 0) - coalesce(before.sessions_with_view, 0),
    coalesce(after.driven_issues, 0) - coalesce(before.driven_issues, 0),
    coalesce(after.driven_sessions, 0) - coalesce(before.driven_sessions, 0)
  FROM totals_after AS after
  FULL JOIN totals_before AS before ON before.campaign_id = after.campaign_id
  RETURNING 1
)
SELECT
  (SELECT count(*) FROM replaced) + (SELECT count(*) FROM replaced_recent) AS sessions_replaced,
  (SELECT count(*) FROM replaced_recent) AS recent_replaced,
  (SELECT count(*) FROM stored) AS sessions_stored,
  (SELECT count(*) FROM changed) AS campaigns_changed
