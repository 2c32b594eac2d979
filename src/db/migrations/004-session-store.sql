-- Stored sessions that can be brought up to date instead of recomputed, and computed in user ranges on
-- several connections at once (src/reports/session-store.ts).

-- Each stored session keeps, for every driven issue, the campaigns that drove it: with its campaigns (the
-- viewed ids, repeats kept) that is what campaign performance counts of a session, so the campaign report
-- follows an incremental recompute of the sessions without sessionizing again.
ALTER TABLE report_session
  ADD COLUMN driving_campaign_ids bigint[] NOT NULL DEFAULT '{}',
  -- Checking the run of every inserted session took longer than inserting it (1.0 s of 1.8 s for 152,008
  -- sessions): a million-request log has that many, a ten-million one ten times more. The sessions are
  -- written only by `perx report all`, which names an existing run and deletes the rows of a run itself.
  DROP CONSTRAINT report_session_report_run_id_fkey;

-- Campaign performance per user range of a full computation of the sessions, which its parts compute
-- while they store their sessions, each on its own connection; the totals add them up.
CREATE TABLE report_campaign_part (
  report_run_id integer NOT NULL,
  campaign_id bigint NOT NULL,
  views bigint NOT NULL,
  unique_viewers bigint NOT NULL,
  sessions_with_view bigint NOT NULL,
  driven_issues bigint NOT NULL,
  driven_sessions bigint NOT NULL
);
CREATE INDEX report_campaign_part_run ON report_campaign_part (report_run_id);

ALTER TABLE report_run
  -- The run whose rows in the result table hold this run's result: itself, unless this run brought an
  -- earlier run's rows up to date (an incremental recompute of the sessions). NULL means itself.
  ADD COLUMN result_run_id integer REFERENCES report_run (id),
  -- False while a computation spread over several connections is still writing its rows: readers skip
  -- the run until it is complete, and its rows are never served half written.
  ADD COLUMN complete boolean NOT NULL DEFAULT true,
  -- How the rows were computed ("full" or "incremental", what an incremental recompute covered) and
  -- from what (a digest of campaign_reward_mapping); NULL for runs stored before this migration.
  ADD COLUMN computation jsonb;

-- Replaced by src/reports/session-steps.sql, which every session report includes.
DROP FUNCTION sessionized_request(integer, text, timestamptz);
