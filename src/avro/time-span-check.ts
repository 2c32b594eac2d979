import type { Database } from '../db/database.js';
import { PerxError } from '../errors.js';

/**
 * A timestamptz goes on to 294276 AD, a long of microseconds since 1970 only to
 * +294247-01-10T04:00:54.775807Z. A log reaching past it cannot be exported to timestamp-micros; this
 * says so, naming the first such request, before a file is begun (the export's own cast would fail with
 * only "bigint out of range").
 */
// Every such year has six digits, so ISO 8601's expanded form is a "+" before to_char's text.
const requestsBeyondLongSql = `SELECT '+' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, user_id
FROM http_log
WHERE "timestamp" > '294247-01-10 04:00:54.775807+00'::timestamptz
ORDER BY "timestamp"
LIMIT 1`;

export async function checkTimesFitAvro(database: Database, path: string): Promise<void> {
  const [beyond] = await database.query<{ at: string; user_id: string }>(requestsBeyondLongSql);
  if (beyond) {
    throw new PerxError(
      `cannot write ${path}: http_log holds a request of user ${beyond.user_id} at ${beyond.at}, after +294247-01-10T04:00:54.775807Z, the last instant timestamp-micros (a long of microseconds since 1970) holds`,
    );
  }
}
