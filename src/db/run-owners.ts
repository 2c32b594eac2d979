import { hostname } from 'node:os';
import { removeReportRuns } from '../reports/report-run.js';
import type { Database } from './database.js';
import { processIdentity, processIsAlive, type ProcessIdentity } from './process-identity.js';

/** The process working on a run, as recorded in ingest_run.owner and report_run.owner (008-run-owners.sql). */
export interface RunOwner extends ProcessIdentity {
  host: string;
  /** On a server: the advisory lock the process holds while it lives. */
  lock?: readonly [number, number];
}

/** This process, as a run it starts records it. */
export async function runOwner(database: Database): Promise<RunOwner> {
  const lock = await database.runOwnerLock();
  return { ...processIdentity(), host: hostname(), ...(lock ? { lock } : {}) };
}

const lockHeldSql = `
  SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = $1::bigint::oid AND objid = $2::bigint::oid
  ) AS held`;

/**
 * Whether the run's owner still works on it. On a server, by its advisory lock, which the server drops
 * when the owner's connection ends; on the embedded engine, whose folder only this machine's processes
 * open, by the process itself. A run recorded before owners were (no owner) counts as gone.
 */
async function ownerLives(database: Database, owner: RunOwner | null): Promise<boolean> {
  if (!owner) return false;
  if (owner.lock) {
    const [row] = await database.query<{ held: boolean }>(lockHeldSql, [...owner.lock]);
    return row?.held ?? false;
  }
  return owner.host === hostname() && processIsAlive(owner);
}

const unfinishedIngestsSql = `SELECT id, owner FROM ingest_run WHERE outcome = 'running'`;
const abandonIngestSql = `
  UPDATE ingest_run
  SET outcome = 'abandoned', finished_at = $2,
      error = 'the process that ran it'
        || coalesce(' (pid ' || (owner->>'pid') || ' on ' || (owner->>'host') || ')', '')
        || ' ended before it finished; its data was rolled back'
  WHERE id = $1 AND outcome = 'running'`;

const unfinishedReportRunsSql = `SELECT id, owner FROM report_run WHERE NOT complete`;

export interface ClearedRuns {
  ingestRuns: number[];
  reportRuns: number[];
}

/**
 * Clears what processes that died left unfinished: their ingest runs become 'abandoned' (the data they
 * loaded was never published: it went with their transaction), their report runs go with their partial
 * rows. Runs whose owner still lives, in this process or another, are left alone. Run on every open.
 */
export async function clearAbandonedRuns(database: Database): Promise<ClearedRuns> {
  const cleared: ClearedRuns = { ingestRuns: [], reportRuns: [] };
  for (const run of await database.query<{ id: number; owner: RunOwner | null }>(unfinishedIngestsSql)) {
    if (await ownerLives(database, run.owner)) continue;
    // The time from this process: Citus refuses a volatile function in an UPDATE of a reference table.
    await database.query(abandonIngestSql, [run.id, new Date()]);
    cleared.ingestRuns.push(run.id);
  }
  for (const run of await database.query<{ id: number; owner: RunOwner | null }>(unfinishedReportRunsSql)) {
    if (await ownerLives(database, run.owner)) continue;
    cleared.reportRuns.push(...(await removeReportRuns(database, [run.id], { onlyIncomplete: true })));
  }
  return cleared;
}
