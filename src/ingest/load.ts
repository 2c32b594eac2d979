import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdentifier } from '../db/copy-text.js';
import type { Database } from '../db/database.js';
import { csvDataTables, dataTables, type DataTable } from '../db/data-tables.js';
import { InputError, PerxError, errorMessage, interruption } from '../errors.js';
import {
  finishIngestRun,
  forgetFilesNotLoadedBy,
  loadedContents,
  loadedFileWithContent,
  recordIngestFile,
  recordReplacedFile,
  startIngestRun,
  type IngestMode,
} from './ingest-records.js';
import { httpLogColumns } from './http-log-tuples.js';
import { loadCsvFile, loadLogFile, type LoadContext } from './load-files.js';
import { createNextTables, indexNextTables, publishNextTables } from './publish.js';
import {
  defaultLossLimits,
  guardAgainstLoss,
  tableChanges,
  tableCounts,
  type LossLimits,
  type TableChange,
} from './table-changes.js';
import { locateDataset, type LocatedDataset, type LocatedFile, type LocatedLog } from './locate-dataset.js';
import {
  campaignRewardMappingCsv,
  campaignCsv,
  rewardCampaignCsv,
  rewardTransactionCsv,
} from './parsers/csv-tables.js';
import { FileReadError, hashFile } from './read-data-file.js';
import type { FileReconciliation, IngestProgress, IngestSummary, SkippedFile } from './reconciliation.js';
import { RejectSpool } from './reject-spool.js';
import { resolveSource } from './sources/resolve-source.js';

export interface IngestOptions {
  /** A folder, or anything else resolveSource accepts (a git URL, an https base URL). */
  source: string;
  /** Fail on the first rejected line instead of loading the rest and reporting it. */
  strict?: boolean;
  /**
   * Add the source's log files that are not loaded yet to the data loaded before, instead of replacing
   * it; see appendDataset.
   */
  append?: boolean;
  /** Where remote sources are cloned or downloaded between runs; default: perx-source-cache in the temp folder. */
  cacheDir?: string;
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Stops the ingest at the next chunk read or statement when aborted (SIGINT, SIGTERM): it fails with the
   * InterruptedError given as the abort reason and its transaction rolls back, the data loaded before intact.
   */
  signal?: AbortSignal;
  /**
   * What the ingest may do to the data loaded before (see guardAgainstLoss): by default a replacement that
   * would make a table lose more than a fifth of its rows, or reject more than a tenth of a file's lines,
   * is refused and leaves the data as it was.
   */
  limits?: Partial<LossLimits>;
}

/**
 * Loads a Perx data set. By default it replaces the contents of campaign, reward_campaign,
 * reward_transaction, campaign_reward_mapping and http_log; with `append` it adds only what is new (see
 * appendDataset). Either way it is one transaction. Files are streamed and their sha256 computed on the
 * way (and checked against SHA256SUMS when the folder has one); every non-blank line is loaded or
 * recorded in ingest_reject with its reason. Every ingest leaves an ingest_run row. A failure
 * (unreadable file, LFS pointer, checksum mismatch, --strict with a reject) leaves the previous data
 * untouched and throws a PerxError naming the file, the line where there is one, and the reason.
 */
export async function ingest(database: Database, options: IngestOptions): Promise<IngestSummary> {
  const startedAt = new Date();
  const strict = options.strict ?? false;
  const mode: IngestMode = options.append ? 'append' : 'replace';
  const runId = await startIngestRun(database, options.source, startedAt, mode);
  let source = options.source;
  const filesRead: FileReconciliation[] = [];
  try {
    const resolved = await resolveSource(options.source, {
      cacheDir: options.cacheDir ?? join(tmpdir(), 'perx-source-cache'),
    });
    source = resolved.description;
    const dataset = await locateDataset(resolved.folder, mode);
    return await database.transaction(
      async (tx) => {
        // Two ingests at once on one server would each find a new file not loaded yet, and load it twice.
        if (tx.engine === 'postgres') await tx.query(ingestLockSql, [ingestLockKey]);
        // On Citus, the next tables of the CSV files get foreign keys to each other (reference tables) in
        // a transaction that has written the log's shards: Citus allows that only on one connection per
        // worker.
        if (tx.citus !== undefined) await tx.query(sequentialShardAccessSql);
        const spool = new RejectSpool(runId);
        try {
          const context: LoadContext = {
            spool,
            strict,
            onProgress: options.onProgress,
            filesRead,
            signal: options.signal,
          };
          const guard: Guard = {
            before: await tableCounts(tx),
            limits: { ...defaultLossLimits, ...options.limits },
          };
          const load = mode === 'append' ? appendDataset : replaceDataset;
          const outcome = await load(tx, dataset, runId, context, guard);
          const finishedAt = await finishIngestRun(tx, runId, {
            source,
            outcome: 'succeeded',
            files: outcome.files,
            changedData: outcome.changedData,
          });
          return { runId, source, folder: resolved.folder, mode, strict, startedAt, finishedAt, ...outcome };
        } finally {
          await spool.remove();
        }
      },
      { signal: options.signal },
    );
  } catch (error) {
    const failure = options.signal?.aborted ? interruption(options.signal) : asPerxError(error);
    // Recording the failure must not hide it, should the database be the thing that failed.
    await finishIngestRun(database, runId, {
      source,
      outcome: 'failed',
      error: failure.message,
      files: filesRead,
    }).catch(() => undefined);
    throw failure;
  }
}

/** Serializes ingests on a PostgreSQL server (migrations and `report all` hold keys of their own). */
const ingestLockKey = 7450263;

interface LoadOutcome {
  files: FileReconciliation[];
  skipped: SkippedFile[];
  tablesReplaced: boolean;
  tables: TableChange[];
  /** Whether the tables hold other data now; an append of nothing new leaves them as they were. */
  changedData: boolean;
}

/** The data tables' rows when the ingest began, and what it may lose of them. */
interface Guard {
  before: ReadonlyMap<DataTable, number>;
  limits: LossLimits;
}

/**
 * The whole data set in place of the data loaded before: the CSV files through staging tables and the
 * checks, the log files straight into next_http_log, all five indexed in next_ tables and then published
 * in place of the live ones (publish.ts), so readers read the previous data until that step.
 */
async function replaceDataset(
  tx: Database,
  dataset: LocatedDataset,
  runId: number,
  context: LoadContext,
  guard: Guard,
): Promise<LoadOutcome> {
  await tx.execute(await sqlFile('load-staging.sql'));
  await createNextTables(tx, dataTables);
  for (const file of dataset.csv) await loadCsvFile(tx, file, context);
  const { logs, skipped } = await newLogFiles(tx, dataset.logs, runId, 'replace');
  for (const log of logs) await loadNewLog(tx, log, runId, context, 'next_http_log');
  await context.spool.copyInto(tx);
  await checkTables(tx, dataset, runId, context);
  const files = await finalCounts(tx, runId, context.filesRead, true);
  const tables = await tableChanges(tx, guard.before, dataTables, loadedRows(files, logs));
  guardAgainstLoss(tables, files, guard.limits);
  interrupted(context);
  await indexNextTables(tx, dataTables);
  for (const file of files) await recordIngestFile(tx, runId, file);
  await tx.query(deleteEarlierRejectsSql, [runId]);
  interrupted(context);
  await publishNextTables(tx, dataTables, context.signal);
  // The files of the data replaced: their rows went with the tables just dropped.
  await forgetFilesNotLoadedBy(tx, runId);
  return { files, skipped, tablesReplaced: true, tables, changedData: true };
}

/**
 * Appends to the data loaded before. A log file (http_log.txt, http_log-*.txt, ... see locateDataset) is
 * loaded only if no loaded file has its content (sha256): the same file, under any name, is never loaded
 * twice, and appending it again loads nothing. The four CSV tables are replaced, with the same checks as
 * a replace, only when the source holds the four files and one of them differs from the loaded one;
 * otherwise they stay as they are. New log rows go into http_log where it stands, its indexes updated row
 * by row; a large append (over a tenth of the table) costs less as a next_http_log holding the old rows
 * and the new, indexed in one pass and published like a replace. Readers never wait but for a publish.
 */
async function appendDataset(
  tx: Database,
  dataset: LocatedDataset,
  runId: number,
  context: LoadContext,
  guard: Guard,
): Promise<LoadOutcome> {
  const { logs, skipped } = await newLogFiles(tx, dataset.logs, runId, 'append');
  const unchangedTables = await unchangedCsvFiles(tx, dataset.csv);
  const reloadTables = dataset.csv.length > 0 && unchangedTables.length < dataset.csv.length;
  const rebuildLog = logs.length > 0 && (await isLargeAppend(tx, logs));
  const replaced: DataTable[] = [
    ...(reloadTables ? csvDataTables : []),
    ...(rebuildLog ? ['http_log' as const] : []),
  ];
  await createNextTables(tx, replaced);
  if (reloadTables) {
    await tx.execute(await sqlFile('load-staging.sql'));
    for (const file of dataset.csv) await loadCsvFile(tx, file, context);
  } else {
    skipped.push(...unchangedTables);
  }
  if (rebuildLog) await tx.execute(copyHttpLogToNextSql);
  for (const log of logs)
    await loadNewLog(tx, log, runId, context, rebuildLog ? 'next_http_log' : 'http_log');
  await context.spool.copyInto(tx);
  if (reloadTables) await checkTables(tx, dataset, runId, context);
  const files = await finalCounts(tx, runId, context.filesRead, reloadTables);
  const logRowsAfter = (guard.before.get('http_log') ?? 0) + loadedRows(files, logs);
  const tables = await tableChanges(tx, guard.before, replaced, logRowsAfter);
  guardAgainstLoss(tables, files, guard.limits);
  interrupted(context);
  await indexNextTables(tx, replaced);
  const csvNames = new Set(dataset.csv.map((file) => file.name));
  for (const file of files) {
    if (csvNames.has(file.file)) await recordReplacedFile(tx, runId, file);
    else await recordIngestFile(tx, runId, file);
  }
  if (reloadTables) {
    await tx.query(deleteEarlierTableRejectsSql, [runId, [...csvNames]]);
  }
  interrupted(context);
  await publishNextTables(tx, replaced, context.signal);
  return {
    files,
    skipped,
    tablesReplaced: reloadTables,
    tables,
    changedData: reloadTables || logs.length > 0,
  };
}

interface NewLog {
  log: LocatedLog;
  sha256: string;
}

/**
 * The log files to load, each with its sha256 (from SHA256SUMS, or else a hashing pass), and those
 * skipped: a content loaded by an earlier run (when appending) or by an earlier file of this source.
 */
async function newLogFiles(
  tx: Database,
  logs: readonly LocatedLog[],
  runId: number,
  mode: IngestMode,
): Promise<{ logs: NewLog[]; skipped: SkippedFile[] }> {
  const fresh: NewLog[] = [];
  const skipped: SkippedFile[] = [];
  for (const log of logs) {
    const sha256 = await contentHash(log.file);
    const twin = fresh.find((other) => other.sha256 === sha256);
    const loaded =
      twin === undefined && mode === 'append' ? await loadedFileWithContent(tx, sha256) : undefined;
    if (twin === undefined && loaded === undefined) {
      fresh.push({ log, sha256 });
      continue;
    }
    skipped.push({
      file: log.file.name,
      bytes: log.file.bytes,
      sha256,
      reason: 'already loaded',
      loadedAs: twin?.log.file.name ?? loaded?.name ?? log.file.name,
      loadedBy: loaded?.ingest_run_id ?? runId,
    });
  }
  return { logs: fresh, skipped };
}

/** The source's CSV files whose content is the one loaded now; all four when the tables are unchanged. */
async function unchangedCsvFiles(tx: Database, csv: readonly LocatedFile[]): Promise<SkippedFile[]> {
  if (csv.length === 0) return [];
  const loaded = await loadedContents(
    tx,
    csv.map((file) => file.name),
  );
  const unchanged: SkippedFile[] = [];
  for (const file of csv) {
    const sha256 = await contentHash(file);
    if (loaded.get(file.name) === sha256) {
      unchanged.push({
        file: file.name,
        bytes: file.bytes,
        sha256,
        reason: 'unchanged',
        loadedAs: file.name,
        loadedBy: undefined,
      });
    }
  }
  return unchanged;
}

/** A log file's rows reference its ingest_file row, so that row exists before the COPY. */
async function loadNewLog(
  tx: Database,
  { log, sha256 }: NewLog,
  runId: number,
  context: LoadContext,
  table: 'http_log' | 'next_http_log',
) {
  const placeholder = {
    file: log.file.name,
    lines: 0,
    loaded: 0,
    rejected: 0,
    duplicates: 0,
    bytes: log.file.bytes,
    sha256,
  };
  const sourceFileId = await recordIngestFile(tx, runId, placeholder);
  await loadLogFile(tx, log, sourceFileId, sha256, context, table);
}

/**
 * The checks that need the database (duplicate ids, unknown foreign keys), their rejects, --strict, and
 * the staged CSV rows that passed them into the next tables.
 */
async function checkTables(
  tx: Database,
  dataset: LocatedDataset,
  runId: number,
  context: LoadContext,
): Promise<void> {
  await tx.execute(await sqlFile('load-checks.sql'));
  await tx.query(await sqlFile('load-rejects.sql'), [
    runId,
    campaignCsv.file,
    rewardCampaignCsv.file,
    rewardTransactionCsv.file,
  ]);
  if (context.strict) {
    const [first] = await tx.query<{ file: string; line_number: number; reason: string }>(firstRejectSql, [
      runId,
    ]);
    if (first) throw new InputError(pathOf(dataset, first.file), first.line_number, first.reason);
  }
  await tx.execute(await sqlFile('load-next-rows.sql'));
}

/** The files read, with the rejects the SQL checks added and the mapping's duplicate pairs. */
async function finalCounts(
  tx: Database,
  runId: number,
  filesRead: readonly FileReconciliation[],
  tablesLoaded: boolean,
): Promise<FileReconciliation[]> {
  const rejected = new Map(
    (await tx.query<{ file: string; rejected: number }>(rejectsPerFileSql, [runId])).map((row) => [
      row.file,
      row.rejected,
    ]),
  );
  const pairs = tablesLoaded ? ((await tx.query<{ pairs: number }>(nextMappingPairsSql))[0]?.pairs ?? 0) : 0;
  return filesRead.map((read) => {
    const fileRejected = rejected.get(read.file) ?? 0;
    const loaded = read.lines - fileRejected;
    const duplicates = read.file === campaignRewardMappingCsv.file ? loaded - pairs : 0;
    return { ...read, loaded, rejected: fileRejected, duplicates };
  });
}

/** The rows the log files of this ingest added to the log: their lines loaded. */
function loadedRows(files: readonly FileReconciliation[], logs: readonly NewLog[]): number {
  const logNames = new Set(logs.map(({ log }) => log.file.name));
  return files.filter((file) => logNames.has(file.file)).reduce((total, file) => total + file.loaded, 0);
}

/** A large append costs less with the indexes rebuilt than updated row by row (see appendDataset). */
async function isLargeAppend(tx: Database, logs: readonly NewLog[]): Promise<boolean> {
  const [table] = await tx.query<{ bytes: number }>(
    tx.citus === undefined ? httpLogSizeSql : distributedLogSizeSql,
  );
  const appendedBytes = logs.reduce((total, { log }) => total + log.file.bytes, 0);
  return appendedBytes * 10 >= (table?.bytes ?? 0);
}

/** The sha256 a file should have: SHA256SUMS says, or a first pass over it finds. */
async function contentHash(file: LocatedFile): Promise<string> {
  if (file.expectedSha256 !== undefined) return file.expectedSha256;
  const digest = await hashFile(file.path).catch((error: unknown) => {
    throw asPerxError(error);
  });
  return digest.sha256;
}

const sqlTexts = new Map<string, Promise<string>>();
type LoadSqlFile = 'load-staging.sql' | 'load-checks.sql' | 'load-rejects.sql' | 'load-next-rows.sql';

/** Each statement file is read once per process. */
function sqlFile(name: LoadSqlFile): Promise<string> {
  let text = sqlTexts.get(name);
  if (text === undefined) {
    text = readFile(new URL(`./${name}`, import.meta.url), 'utf8');
    sqlTexts.set(name, text);
  }
  return text;
}

const ingestLockSql = `SELECT pg_advisory_xact_lock($1)`;
const httpLogSizeSql = `SELECT pg_table_size('http_log') AS bytes`;
// On Citus the coordinator's http_log is empty; its rows are in the shards.
const distributedLogSizeSql = `SELECT citus_table_size('http_log') AS bytes`;
const sequentialShardAccessSql = `SET LOCAL citus.multi_shard_modify_mode = 'sequential'`;
// ingest_reject describes the data now loaded; earlier ingests keep their counts in ingest_run.files.
const deleteEarlierRejectsSql = `DELETE FROM ingest_reject WHERE ingest_run_id <> $1`;
// After an append that replaced the tables: their files' earlier rejects; the log's stay with their rows.
const deleteEarlierTableRejectsSql = `DELETE FROM ingest_reject WHERE ingest_run_id <> $1 AND file = ANY($2::text[])`;
const rejectsPerFileSql = `SELECT file, count(*) AS rejected FROM ingest_reject WHERE ingest_run_id = $1 GROUP BY file`;
const firstRejectSql = `SELECT file, line_number, reason FROM ingest_reject WHERE ingest_run_id = $1 ORDER BY id LIMIT 1`;
const nextMappingPairsSql = `SELECT count(*) AS pairs FROM next_campaign_reward_mapping`;
// A large append: the log rows loaded before, ahead of the new ones in next_http_log, classified as they were.
const httpLogColumnList = httpLogColumns.map(quoteIdentifier).join(', ');
const copyHttpLogToNextSql = `
  INSERT INTO next_http_log (${httpLogColumnList}) SELECT ${httpLogColumnList} FROM http_log`;

function pathOf(dataset: LocatedDataset, name: string): string {
  const all = [...dataset.csv, ...dataset.logs.map(({ file }) => file)];
  return all.find((file) => file.name === name)?.path ?? name;
}

function asPerxError(error: unknown): PerxError {
  if (error instanceof PerxError) return error;
  if (error instanceof FileReadError) return new InputError(error.path, undefined, errorMessage(error.cause));
  return new PerxError(`ingest failed: ${errorMessage(error)}`, { cause: error });
}

/** Between long statements: an aborted ingest stops here rather than after its next step. */
function interrupted(context: LoadContext): void {
  if (context.signal?.aborted) throw interruption(context.signal);
}
