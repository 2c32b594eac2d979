/**
 * http_log as migration 012 left it and 017 found it: the classified columns computed by the database.
 * The expressions are 012's, written once here for the tests that hold the loader to them and that
 * migrate such a log.
 */

/** 012's generated expression for the id after `prefix` in a request of `method`: 1 to 19 digits of a bigint. */
export function classifiedBy012(method: 'GET' | 'POST', prefix: '/campaigns/' | '/rewards/'): string {
  const digitsAt = prefix.length + 1;
  const longest = prefix.length + 19;
  return `CASE
      WHEN http_method = '${method}'
        AND left(http_path, ${prefix.length}) = '${prefix}'
        AND length(http_path) BETWEEN ${digitsAt} AND ${longest}
        AND ltrim(substr(http_path, ${digitsAt}), '0123456789') = ''
        AND (length(http_path) < ${longest} OR substr(http_path, ${digitsAt}) <= '9223372036854775807')
        THEN substr(http_path, ${digitsAt})::bigint
    END`;
}

export const viewedBy012 = classifiedBy012('GET', '/campaigns/');
export const issuedBy012 = classifiedBy012('POST', '/rewards/');

/**
 * Statements that turn a migrated log back into one from before 017, one at a time (Citus sends a DDL
 * statement's text to its workers): its ids recomputed by 012's generated columns, the covering index
 * over them, and 017 not applied.
 */
export const logBefore017Statements = [
  'ALTER TABLE http_log DROP COLUMN viewed_campaign_id, DROP COLUMN issued_reward_id',
  `ALTER TABLE http_log ADD COLUMN viewed_campaign_id bigint GENERATED ALWAYS AS (${viewedBy012}) STORED`,
  `ALTER TABLE http_log ADD COLUMN issued_reward_id bigint GENERATED ALWAYS AS (${issuedBy012}) STORED`,
  `CREATE INDEX http_log_user_time ON http_log (user_id, "timestamp", source_file_id, source_line)
     INCLUDE (viewed_campaign_id, issued_reward_id)`,
  'DELETE FROM schema_migration WHERE version = 17',
];

/** The count of http_log's classified columns that are generated, in the table `%s` names. */
export const generatedClassifiedColumnsSql = `SELECT count(*)::integer AS generated FROM pg_attribute
  WHERE attrelid = '%s'::regclass AND attname IN ('viewed_campaign_id', 'issued_reward_id')
    AND attgenerated <> ''`;
