-- How many sessions of a stored report run match a listing's filters (session-filters.sql): the total
-- behind a page of stored-sessions.sql, counted without its order, which would sort every match first.
SELECT count(*) AS total
FROM report_session AS listed
WHERE listed.report_run_id = :report_run_id::integer
#include session-filters.sql
