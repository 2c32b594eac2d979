-- The session and campaign reports of src/reports (session-steps.sql, session-campaign-facts.sql,
-- campaign-totals.sql), with the same definitions and results,
-- as textbook gaps and islands that any SQL engine runs: a lag finds the requests that start a
-- session, a running sum of them numbers each user's sessions, GROUP BY makes the sessions, and EXISTS
-- marks the driven ones.
-- User ids are loaded as BIGINT: every id of the generated logs is digits without a leading zero, so the
-- number prints back as the same text (the fingerprint would show it if one did not), and sorting or
-- hashing 8 bytes costs less than a string.
-- bench/scale/duckdb-run.ts runs it; "-- step: <phase> <name>" heads each statement, and the load phase is
-- timed apart from the sessions phase (sessions and campaigns).

-- step: load http_log from user-lists-numeric

-- step: load campaign_reward_mapping from user-lists

-- step: sessions request from gaps-and-islands

-- step: sessions campaign_session from gaps-and-islands

-- step: sessions driven_issue from gaps-and-islands

-- step: sessions report_session from gaps-and-islands

-- step: sessions report_campaign from gaps-and-islands
