import type { Database } from '../db/database.js';
import type { FileReconciliation } from './reconciliation.js';

/**
 * The bookkeeping rows of an ingest: ingest_run (one per ingest, whatever the outcome) and ingest_file
 * (one per file content, see 001-core.sql).
 */

const insertRunSql = `INSERT INTO ingest_run (source, started_at) VALUES ($1, $2) RETURNING id`;

const finishRunSql = `
UPDATE ingest_run
SET source = $2, outcome = $3, error = $4, files = $5::jsonb, finished_at = clock_timestamp()
WHERE id = $1
RETURNING finished_at`;

const upsertFileSql = `
INSERT INTO ingest_file (ingest_run_id, name, sha256, bytes, lines, loaded, rejected, duplicates)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (sha256, name) DO UPDATE SET
  ingest_run_id = excluded.ingest_run_id,
  bytes = excluded.bytes,
  lines = excluded.lines,
  loaded = excluded.loaded,
  rejected = excluded.rejected,
  duplicates = excluded.duplicates
RETURNING id`;

export async function startIngestRun(database: Database, source: string, startedAt: Date): Promise<number> {
  const [run] = await database.query<{ id: number }>(insertRunSql, [source, startedAt]);
  if (!run) throw new Error('INSERT INTO ingest_run returned no id');
  return run.id;
}

export interface RunOutcome {
  source: string;
  outcome: 'succeeded' | 'failed';
  error?: string;
  files: readonly FileReconciliation[];
}

export async function finishIngestRun(database: Database, runId: number, outcome: RunOutcome): Promise<Date> {
  const [run] = await database.query<{ finished_at: Date }>(finishRunSql, [
    runId,
    outcome.source,
    outcome.outcome,
    outcome.error ?? null,
    JSON.stringify(outcome.files),
  ]);
  if (!run) throw new Error(`ingest_run ${runId} is missing`);
  return run.finished_at;
}

/** Records a file's content and counts; the same name and sha256 always get the same id. */
export async function recordIngestFile(
  database: Database,
  runId: number,
  file: FileReconciliation,
): Promise<number> {
  const [row] = await database.query<{ id: number }>(upsertFileSql, [
    runId,
    file.file,
    file.sha256,
    file.bytes,
    file.lines,
    file.loaded,
    file.rejected,
    file.duplicates,
  ]);
  if (!row) throw new Error('INSERT INTO ingest_file returned no id');
  return row.id;
}
