-- A session's place in the listing's user order (session-list.sql), from the column user_id of the one
-- relation in scope: not a statement, but an expression on lines of its own, which the statements that
-- store sessions put in report_session.user_order (session-row.sql) and the live listing computes
-- (sessions.sql). 015-session-user-order.sql describes the value.
    CASE
      WHEN ltrim(user_id, '0123456789') = '' THEN
        '0'
        || chr(48 + length(length(ltrim(user_id, '0'))::text))
        || length(ltrim(user_id, '0'))::text
        || ltrim(user_id, '0')
        || user_id
      ELSE '1' || user_id
    END COLLATE "C"
