import type { Database } from '../db/database.js';
import { dataTables, lockDataTablesSql, type DataTable } from '../db/data-tables.js';
import { PerxError, interruption } from '../errors.js';

/**
 * How an ingest replaces tables without making readers wait for it (see 006-ingest-publish.sql): the new
 * rows go into next_<table> copies, indexed and checked there, while readers go on reading the live
 * tables; then one short step inside the ingest's transaction locks the live tables, drops them and gives
 * the next tables their names. Readers see the old rows or the new ones, never a mix, and wait at most
 * for that step.
 */

/** Empty next_<table> copies of the tables to replace, for the rows of this ingest. */
export async function createNextTables(tx: Database, tables: readonly DataTable[]): Promise<void> {
  for (const table of ordered(tables)) await tx.query('SELECT perx_create_next_table($1)', [table]);
}

/** The live tables' keys, indexes and foreign keys on the loaded next tables, parents first. */
export async function indexNextTables(tx: Database, tables: readonly DataTable[]): Promise<void> {
  const replaced = ordered(tables);
  for (const table of replaced)
    await tx.query('SELECT perx_index_next_table($1, $2::text[])', [table, replaced]);
}

/** How long one attempt to lock the live tables waits before it lets the readers queued behind it go. */
const lockAttemptMs = 500;
/** The longest an ingest waits for the live tables, e.g. behind a `report all` that holds them still. */
const publishWaitMs = 30 * 60_000;

/**
 * Puts the next tables in place of the live ones, inside the caller's transaction. The lock is tried for
 * `lockAttemptMs` at a time: a reader or a `report all` holding a live table makes the attempt give way
 * (rolled back to a savepoint, the loaded rows kept) and try again after a pause, so readers queued behind
 * the lock request wait at most that long, and no deadlock with a reader can form.
 */
export async function publishNextTables(
  tx: Database,
  tables: readonly DataTable[],
  signal?: AbortSignal,
): Promise<void> {
  const replaced = ordered(tables);
  if (replaced.length === 0) return;
  const lock = lockDataTablesSql(replaced, 'ACCESS EXCLUSIVE');
  const deadline = Date.now() + publishWaitMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    if (signal?.aborted) throw interruption(signal);
    const locked = await tx
      .transaction(async (attempt) => {
        await attempt.query(`SET LOCAL lock_timeout = '${lockAttemptMs}ms'`);
        await attempt.query(lock);
        await attempt.query('SET LOCAL lock_timeout = 0');
        return true;
      })
      .catch((error: unknown) => {
        if (!isLockTimeout(error)) throw error;
        return false;
      });
    if (locked) break;
    if (Date.now() > deadline) {
      throw new PerxError(
        `could not publish the new ${replaced.join(', ')}: the tables stayed in use for ${publishWaitMs / 60_000} minutes`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await tx.query('SELECT perx_publish_next_tables($1::text[])', [replaced]);
}

function ordered(tables: readonly DataTable[]): DataTable[] {
  return dataTables.filter((table) => tables.includes(table));
}

/** lock_not_available: the lock_timeout of an attempt ran out. */
function isLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '55P03';
}
