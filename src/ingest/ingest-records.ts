import { maskCredentials } from '../config/credentials.js';
import type { Database } from '../db/database.js';
import { runOwner } from '../db/run-owners.js';
import type { FileReconciliation } from './reconciliation.js';

/**
 * The bookkeeping rows of an ingest: ingest_run (one per ingest, whatever the outcome) and ingest_file
 * (one per file content, see 001-core.sql). A run's source and error are stored with the credentials of
 * any URL in them masked, whatever the caller passed.
 */

const insertRunSql = `INSERT INTO ingest_run (source, started_at, mode, owner) VALUES ($1, $2, $3, $4) RETURNING id`;

// The finishing time comes from this process, as the starting time does: Citus runs no volatile function
// (clock_timestamp()) in an UPDATE of its tables.
const finishRunSql = `
UPDATE ingest_run
SET source = $2, outcome = $3, error = $4, files = $5::jsonb, finished_at = $6, changed_data = $7
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

/** How an ingest treats the data loaded before (see ingest_run.mode in 003-ingest-append.sql). */
export type IngestMode = 'replace' | 'append';

export async function startIngestRun(
  database: Database,
  source: string,
  startedAt: Date,
  mode: IngestMode,
): Promise<number> {
  const [run] = await database.query<{ id: number }>(insertRunSql, [
    maskCredentials(source),
    startedAt,
    mode,
    JSON.stringify(await runOwner(database)),
  ]);
  if (!run) throw new Error('INSERT INTO ingest_run returned no id');
  return run.id;
}

export interface RunOutcome {
  source: string;
  outcome: 'succeeded' | 'failed';
  error?: string;
  files: readonly FileReconciliation[];
  /** False for an append that loaded nothing new: the data, and everything computed from it, stay current. */
  changedData?: boolean;
}

export async function finishIngestRun(database: Database, runId: number, outcome: RunOutcome): Promise<Date> {
  const [run] = await database.query<{ finished_at: Date }>(finishRunSql, [
    runId,
    maskCredentials(outcome.source),
    outcome.outcome,
    outcome.error === undefined ? null : maskCredentials(outcome.error),
    JSON.stringify(outcome.files),
    new Date(),
    outcome.changedData ?? true,
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

/** A file whose content is loaded already, and the ingest run that loaded it. */
export interface LoadedFile {
  id: number;
  name: string;
  ingest_run_id: number;
}

/** The loaded file with this content, if any: ingest_file lists exactly the files whose rows are in. */
export async function loadedFileWithContent(
  database: Database,
  sha256: string,
): Promise<LoadedFile | undefined> {
  const [file] = await database.query<LoadedFile>(
    'SELECT id, name, ingest_run_id FROM ingest_file WHERE sha256 = $1 ORDER BY id LIMIT 1',
    [sha256],
  );
  return file;
}

/** The sha256 of each loaded file with one of these names, by name. */
export async function loadedContents(
  database: Database,
  names: readonly string[],
): Promise<Map<string, string>> {
  const rows = await database.query<{ name: string; sha256: string }>(
    'SELECT name, sha256 FROM ingest_file WHERE name = ANY($1::text[])',
    [names],
  );
  return new Map(rows.map((row) => [row.name, row.sha256]));
}

/**
 * Records a reloaded CSV file by updating its name's row in place: a table's file has one row, and
 * deleting one would make PostgreSQL look through all of http_log for rows naming it.
 */
export async function recordReplacedFile(
  database: Database,
  runId: number,
  file: FileReconciliation,
): Promise<number> {
  const [row] = await database.query<{ id: number }>(
    `UPDATE ingest_file
     SET ingest_run_id = $1, sha256 = $3, bytes = $4, lines = $5, loaded = $6, rejected = $7, duplicates = $8
     WHERE id = (SELECT min(id) FROM ingest_file WHERE name = $2)
     RETURNING id`,
    [runId, file.file, file.sha256, file.bytes, file.lines, file.loaded, file.rejected, file.duplicates],
  );
  return row?.id ?? recordIngestFile(database, runId, file);
}

const forgetFilesSql = 'DELETE FROM ingest_file WHERE ingest_run_id <> $1 RETURNING id, name';

// Through the BRIN index on source_file_id: a look at the index's ranges, not a scan of the log.
const firstRowOfFilesSql = `
SELECT source_file_id, source_line FROM http_log WHERE source_file_id = ANY ($1::integer[]) LIMIT 1`;

/**
 * After a replace: forgets the files this run did not load, whose rows are gone. http_log has no foreign
 * key to ingest_file (014-bulk-write-costs.sql): this is the one place that deletes a file, and it makes
 * sure that none of the log's rows still names a deleted one, failing the ingest (its transaction rolled
 * back) if one does.
 */
export async function forgetFilesNotLoadedBy(database: Database, runId: number): Promise<void> {
  const forgotten = await database.query<{ id: number; name: string }>(forgetFilesSql, [runId]);
  if (forgotten.length === 0) return;
  const [kept] = await database.query<{ source_file_id: number; source_line: string }>(firstRowOfFilesSql, [
    forgotten.map((file) => file.id),
  ]);
  if (kept === undefined) return;
  const file = forgotten.find((candidate) => candidate.id === kept.source_file_id);
  throw new Error(
    `ingest file ${kept.source_file_id} (${file?.name ?? 'unknown'}) is still named by http_log ` +
      `(line ${kept.source_line}) after the replace: its row cannot be forgotten`,
  );
}
