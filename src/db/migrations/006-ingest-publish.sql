-- An ingest that replaces a table loads the new rows into next_<table>, builds its indexes and constraints
-- there, and then publishes it in place of the live table in one short step, so readers keep reading the
-- live table for the whole load and wait only for the swap (see src/ingest/publish.ts). The definitions
-- come from the catalog, so they follow whatever the migrations define.

-- next_<live>: an empty copy of a live table's columns, defaults, NOT NULL and CHECK constraints, without
-- indexes or foreign keys, which perx_index_next_table adds once the rows are in (one pass each, instead
-- of row by row). A next table left by an earlier ingest that failed is dropped first.
CREATE FUNCTION perx_create_next_table(live text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I', 'next_' || live);
  EXECUTE format(
    'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY)',
    'next_' || live, live);
END
$$;

-- The live table's primary and unique keys, other indexes and foreign keys, on next_<live>, each named
-- next_<its live name> where names must be unique (indexes). A foreign key to a table that is replaced in
-- the same publish (listed in `replaced`) points at that table's next_ copy.
CREATE FUNCTION perx_index_next_table(live text, replaced text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  next_table text := 'next_' || live;
  item record;
  definition text;
BEGIN
  FOR item IN
    SELECT conname, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint
    WHERE conrelid = live::regclass AND contype IN ('p', 'u')
    ORDER BY conname
  LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', next_table, 'next_' || item.conname, item.definition);
  END LOOP;
  FOR item IN
    SELECT index_class.relname AS name, pg_get_indexdef(index.indexrelid) AS definition
    FROM pg_index AS index
    JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
    WHERE index.indrelid = live::regclass
      AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = index.indexrelid)
    ORDER BY index_class.relname
  LOOP
    -- "CREATE [UNIQUE] INDEX <name> ON [ONLY] <table> USING ...": the same index, on the next table.
    definition := regexp_replace(
      item.definition,
      '^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ ',
      format('CREATE \1INDEX %I ON %I ', 'next_' || item.name, next_table));
    EXECUTE definition;
  END LOOP;
  FOR item IN
    SELECT conname, confrelid::regclass::text AS target, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint
    WHERE conrelid = live::regclass AND contype = 'f'
    ORDER BY conname
  LOOP
    definition := item.definition;
    IF item.target = ANY (replaced) THEN
      definition := regexp_replace(definition, 'REFERENCES \S+\(', format('REFERENCES %I(', 'next_' || item.target));
    END IF;
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', next_table, item.conname, definition);
  END LOOP;
END
$$;

-- Publishes the next tables: the live ones are dropped (all in one statement, so foreign keys among them
-- go with them) and each next_<live> takes its name, with its indexes and key constraints renamed back.
-- The caller holds ACCESS EXCLUSIVE locks on every live table (LOCK TABLE, in one statement and one
-- order), so this is catalog work only, done in milliseconds.
CREATE FUNCTION perx_publish_next_tables(lives text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  live text;
  item record;
BEGIN
  EXECUTE 'DROP TABLE ' || (SELECT string_agg(format('%I', name), ', ') FROM unnest(lives) AS name);
  FOREACH live IN ARRAY lives LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', 'next_' || live, live);
    FOR item IN
      SELECT conname FROM pg_constraint
      WHERE conrelid = live::regclass AND contype IN ('p', 'u') AND conname LIKE 'next\_%'
    LOOP
      EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', live, item.conname, substr(item.conname, 6));
    END LOOP;
    FOR item IN
      SELECT index_class.relname AS name
      FROM pg_index AS index
      JOIN pg_class AS index_class ON index_class.oid = index.indexrelid
      WHERE index.indrelid = live::regclass AND index_class.relname LIKE 'next\_%'
    LOOP
      EXECUTE format('ALTER INDEX %I RENAME TO %I', item.name, substr(item.name, 6));
    END LOOP;
  END LOOP;
END
$$;
