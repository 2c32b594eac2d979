-- A session's place in the listing's user order (session-list.sql), from a column named user_id: not a
-- statement, but an expression on lines of its own, for sessions computed rather than read from
-- report_session, whose user_order column holds the same value (015-session-user-order.sql, which
-- describes it). A test pages every sort both ways from a stored run and live, and compares.
    CASE
      WHEN ltrim(user_id, '0123456789') = '' THEN
        '0'
        || chr(48 + length(length(ltrim(user_id, '0'))::text))
        || length(ltrim(user_id, '0'))::text
        || ltrim(user_id, '0')
        || user_id
      ELSE '1' || user_id
    END COLLATE "C"
