import type pg from 'pg';
import type { CitusCluster, Database } from './database.js';

/**
 * Citus (distributed PostgreSQL): when the server perx connects to is a Citus coordinator with active
 * workers, the log and the stored sessions are hash-distributed by user_id into shards on the workers,
 * colocated, and the small tables are reference tables, a copy on every node (migration
 * 009-citus.sql, perx_distribute_schema). A server with the extension but no worker is used as a single
 * PostgreSQL server.
 */

const extensionSql = `SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') AS installed`;
const workersSql = `SELECT count(*)::integer AS workers FROM citus_get_active_worker_nodes()`;

/** The cluster behind a server, or undefined when it is not a Citus coordinator with workers. */
export async function detectCitus(client: Pick<pg.Pool, 'query'>): Promise<CitusCluster | undefined> {
  const [extension] = (await client.query<{ installed: boolean }>(extensionSql)).rows;
  if (!extension?.installed) return undefined;
  const [nodes] = (await client.query<{ workers: number }>(workersSql)).rows;
  const workers = nodes?.workers ?? 0;
  return workers > 0 ? { workers } : undefined;
}

/**
 * Makes the schema distributed, inside the migration's transaction: the tables the migrations created as
 * plain tables of the coordinator become reference and distributed tables (moving any rows they hold);
 * tables already distributed are left as they are, so every command can call it.
 */
export async function distributeSchema(tx: Database): Promise<number> {
  // Creating reference tables and then distributed tables that refer to them, in one transaction: Citus
  // must use one connection per node throughout, or it refuses the foreign keys' checks.
  await tx.query(`SET LOCAL citus.multi_shard_modify_mode = 'sequential'`);
  // Citus distributes no table with inheritance: report_session's child goes first, its rows kept
  // (016-recent-sessions.sql).
  await tx.query('SELECT perx_fold_recent_sessions()');
  const [result] = await tx.query<{ changed: number }>('SELECT perx_distribute_schema() AS changed');
  return result?.changed ?? 0;
}
