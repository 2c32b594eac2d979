import type { Database } from '../db/database.js';
import { queryReportSql } from './run-sql.js';

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
