import type { Database } from '../db/database.js';

/**
 * Planner and memory settings for the statements of `perx report all`, for the current transaction only
 * (SET LOCAL), so the server's defaults stay as they are for everything else. Measured on a generated log
 * of a million requests.
 */

/**
 * For every statement of `report all`:
 * - jit off: compiling the expressions of the session statement took 1.7 s of its 7.4 s, more than the
 *   compiled code saved; the statements run once, over rows whose work is mostly sorting and hashing.
 * - work_mem: the sort by user and time, the materialized requests and the hash tables of one user range
 *   stay in memory; with the server's 4 MB they spilled to temporary files (external merge sorts of 30 to
 *   60 MB per step). A range is sized to fit (see session-store.ts); PGlite gets less, its heap being a
 *   WebAssembly memory.
 */
export async function tuneReportTransaction(tx: Database): Promise<void> {
  // On Citus the settings must reach the workers' transactions too, where the shards are computed.
  if (tx.citus !== undefined) await tx.query("SET LOCAL citus.propagate_set_commands = 'local'");
  await tx.query('SET LOCAL jit = off');
  await tx.query(tx.engine === 'postgres' ? "SET LOCAL work_mem = '512MB'" : "SET LOCAL work_mem = '64MB'");
}

/**
 * How a session statement reads the log: all of it, through the index in session order that holds every
 * column read (index-only, the visibility map covering the table: see logIndexOnlyReadable), or with a
 * sequential scan and a sort; or only some users' rows, through the index.
 */
export type SessionScope = 'whole log in index order' | 'whole log' | 'some users';

/**
 * For the statements that compute the sessions, from here to the end of the transaction:
 * - no merge joins: the planner underestimates the rows of the materialized steps and sorted both sides
 *   to meet the issues with the first views, where a hash join needs no sort.
 * - for the whole log without a visibility map, no index scans: a sequential scan then one sort cost less
 *   than fetching every row from the table in index order, whose order the table does not have (7.4 s
 *   against 7.9 s of CPU on a million requests, whose table still fits in shared_buffers; a larger table
 *   makes each fetch through the index a read). With the map, the planner picks the index-only scan, which
 *   needs no sort: 11.0 s against 15.1 s for one of two user ranges of 3M requests.
 */
export async function tuneSessionStatements(tx: Database, scope: SessionScope): Promise<void> {
  await tx.query('SET LOCAL enable_mergejoin = off');
  if (scope === 'whole log') {
    await tx.query('SET LOCAL enable_indexscan = off');
    await tx.query('SET LOCAL enable_bitmapscan = off');
  }
}

/**
 * For a transaction computing one user range while other connections compute the others: the ranges
 * already keep every core busy, so parallel workers would only compete with them.
 */
export async function tuneSessionPartTransaction(tx: Database, scope: SessionScope): Promise<void> {
  await tuneReportTransaction(tx);
  await tuneSessionStatements(tx, scope);
  await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
}
