-- Restores what load-http-log-unindex.sql took off http_log, now that its rows are in: each index is built in
-- one pass, each foreign key checked in one join.
DO $$
DECLARE
  restored record;
BEGIN
  FOR restored IN SELECT definition FROM http_log_index ORDER BY name LOOP
    EXECUTE restored.definition;
  END LOOP;
  FOR restored IN SELECT name, definition FROM http_log_foreign_key ORDER BY name LOOP
    EXECUTE format('ALTER TABLE http_log ADD CONSTRAINT %I %s', restored.name, restored.definition);
  END LOOP;
END
$$;
