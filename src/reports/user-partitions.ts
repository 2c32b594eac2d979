import type { Database } from '../db/database.js';
import { queryReportSql } from './run-sql.js';
import type { SessionScope } from './statement-settings.js';

/** A range of user ids, [lower, upper), a null bound being open: every user is in exactly one. */
export interface UserRange {
  lower: string | null;
  upper: string | null;
}

const statisticsAgeSql = `
  SELECT
    coalesce(stats.n_live_tup, 0) AS rows,
    coalesce(stats.n_mod_since_analyze, 0) AS changed,
    NOT EXISTS (
      SELECT FROM pg_stats AS columns
      WHERE columns.schemaname = stats.schemaname
        AND columns.tablename = stats.relname
        AND columns.attname = 'user_id'
    ) AS unanalyzed
  FROM pg_stat_user_tables AS stats
  WHERE stats.relid = 'http_log'::regclass`;

/**
 * Brings the planner's statistics of http_log up to date when a fifth or more of it changed since they
 * were taken, or there are none for user_id (never analyzed, or its type changed since): the user ranges
 * come from them, and so do the estimates the session statements are planned with. PGlite never analyzes
 * on its own; a server's autovacuum may lag a large load.
 */
export async function analyzeLogWhenStale(tx: Database): Promise<void> {
  const [age] = await tx.query<{ rows: number; changed: number; unanalyzed: boolean }>(statisticsAgeSql);
  if (age && (age.unanalyzed || age.changed * 5 > age.rows)) await tx.query('ANALYZE http_log');
}

// The visibility map's share of http_log that is all-visible, as the last VACUUM, ANALYZE or index build
// counted it; a table of no pages is all visible.
const visibleShareSql = `
  SELECT CASE WHEN relpages > 0 THEN relallvisible::float8 / relpages ELSE 1 END AS visible
  FROM pg_class
  WHERE oid = 'http_log'::regclass`;

/**
 * Below this share of all-visible pages an index-only scan of the whole log fetches too many rows from
 * the table itself, in index order: a sequential scan and one sort then cost less.
 */
const indexOnlyVisibleShare = 0.9;

/**
 * Whether a full computation of the sessions reads the log in session order from the index
 * http_log_user_time (which holds every column it reads, 012-request-classes.sql) without visiting the
 * table: when the visibility map says nearly all of it is all-visible.
 */
export async function logIndexOnlyReadable(tx: Database): Promise<boolean> {
  const [share] = await tx.query<{ visible: number }>(visibleShareSql);
  return (share?.visible ?? 0) >= indexOnlyVisibleShare;
}

/** How a computation of every user's sessions reads the log now: in index order, or sorted after a scan. */
export async function wholeLogScope(tx: Database): Promise<SessionScope> {
  return (await logIndexOnlyReadable(tx)) ? 'whole log in index order' : 'whole log';
}

/**
 * On a PostgreSQL server, vacuums http_log when its visibility map does not cover it, as after appends
 * that added many rows before autovacuum came by (a replacing ingest loads the log frozen and all-visible,
 * see load-files.ts, and needs none): one pass over the table, 0.6 s at 3M
 * requests, after which the session statements read the index alone (logIndexOnlyReadable). Outside any
 * transaction, which VACUUM cannot run in; SKIP_LOCKED gives way to an ingest publishing the table.
 * PGlite keeps its sequential scan; on Citus the shards' own autovacuum does it.
 */
export async function vacuumLogWhenNeeded(database: Database): Promise<void> {
  if (database.engine !== 'postgres' || database.citus !== undefined) return;
  if (await logIndexOnlyReadable(database)) return;
  await database.query('VACUUM (SKIP_LOCKED) http_log');
}

/**
 * Splits the users into about `count` ranges holding about as many requests each (fewer when the
 * statistics tell too few users apart); one range of every user when count is 1.
 */
export async function userRanges(tx: Database, count: number): Promise<UserRange[]> {
  if (count <= 1) return [{ lower: null, upper: null }];
  const bounds = (
    await queryReportSql<{ lower_user_id: string }>(tx, 'user-partitions.sql', { partitions: count })
  ).map((row) => row.lower_user_id);
  return [null, ...bounds].map((lower, index) => ({ lower, upper: bounds[index] ?? null }));
}
