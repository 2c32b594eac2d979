-- The session listing's user order as one stored value per session, computed once as the session is
-- stored, instead of four expressions that every listing index evaluated again for every session.
--
-- The listing orders users with digit-only ids as numbers first, then every other id bytewise
-- (session-list.sql). It was written as four keys: whether the id has a non-digit, the length of its
-- digits without leading zeros, those digits, and the id itself. perx_index_session_run put the four in
-- each of its per-run indexes, so building one evaluated five ltrim() calls per session: 1.4 s for 552,776
-- sessions against 0.55 s for the same index on a plain column, nine indexes per run. user_order holds
-- the same order in one string that compares bytewise (COLLATE "C"):
--   digit-only id: '0', then the number of digits of the length (one character from '1', so 10 digits
--                  sort after 9), the length, the digits without leading zeros, and the id itself
--                  ("7" is 01177, "007" is 0117007, "19" is 0121919, "020" is 01220020);
--   any other id:  '1', then the id.
-- Within digit-only ids the length part has the same width wherever the lengths have as many digits, so
-- comparing the strings compares the four keys in order. The statements that store sessions fill it
-- (session-row-insert.sql, with session-user-order.sql, which the live listing computes it with too; a
-- test pages every sort both ways, stored and live, and compares): a generated column computing the same
-- took twice as long to store 571,044 sessions (2.0 s against 1.0 s), the expression itself 0.35 s.
ALTER TABLE report_session ADD COLUMN user_order text COLLATE "C";
UPDATE report_session SET user_order =
  CASE
    WHEN ltrim(user_id, '0123456789') = '' THEN
      '0'
      || chr(48 + length(length(ltrim(user_id, '0'))::text))
      || length(ltrim(user_id, '0'))::text
      || ltrim(user_id, '0')
      || user_id
    ELSE '1' || user_id
  END;
ALTER TABLE report_session ALTER COLUMN user_order SET NOT NULL;

-- The listing's indexes of a run (013-freshness-and-listing-indexes.sql describes them): user_order in
-- place of the four keys, and the start as a key of its own (014-bulk-write-costs.sql).
CREATE OR REPLACE FUNCTION perx_index_session_run(run_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  key record;
BEGIN
  FOR key IN
    SELECT * FROM (VALUES
      ('user_order', ''),
      ('start', 'session_start, '),
      ('end', 'session_end, '),
      ('duration', '(session_end - session_start), '),
      ('campaign_count', '(cardinality(campaigns)), '),
      ('issue_count', '(cardinality(rewards_issued)), '),
      ('driven_count', '(cardinality(driven_rewards)), '),
      ('driven', 'reward_driven_by_campaign_view, '),
      ('driven_first', 'reward_driven_by_campaign_view DESC, ')
    ) AS sort_key (name, columns)
  LOOP
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON report_session (%s%s) WHERE report_run_id = %s',
      'report_session_' || run_id || '_' || key.name,
      key.columns,
      CASE WHEN key.name = 'end' THEN 'session_start' ELSE 'user_order, session_start' END,
      run_id
    );
  END LOOP;
END
$$;

-- The indexes built with the four keys go (no run has id 0), and the latest run gets the new ones (one
-- server only, as in 013).
SELECT perx_drop_session_run_indexes(0);
SELECT perx_index_session_run(coalesce(result_run_id, id))
FROM report_run
WHERE report = 'sessions' AND kind = 'all' AND complete
  AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
ORDER BY id DESC
LIMIT 1;
