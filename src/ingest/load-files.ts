import { encodeCopyRow } from '../db/copy-text.js';
import type { Database } from '../db/database.js';
import { InputError, PerxError, errorMessage } from '../errors.js';
import { checksumFileName } from './checksums.js';
import {
  campaignRewardMappingStaging,
  campaignStaging,
  rewardCampaignStaging,
  rewardTransactionStaging,
  type CopyTarget,
} from './copy-targets.js';
import { httpLogColumns, httpLogTupleBatches, type TupleBatch } from './http-log-tuples.js';
import type { LocatedFile, LocatedLog } from './locate-dataset.js';
import { parseCsvTable, type CsvTable } from './parsers/csv-table.js';
import {
  campaignCsv,
  campaignRewardMappingCsv,
  rewardCampaignCsv,
  rewardTransactionCsv,
} from './parsers/csv-tables.js';
import { Reject, type DataFileInput, type Parsed } from './parsers/parsed-line.js';
import { FileReadError, openDataFile, type FileDigest } from './read-data-file.js';
import type { FileReconciliation, IngestProgress } from './reconciliation.js';
import type { RejectSpool } from './reject-spool.js';

/** What loading one file needs besides the file: where rejects go, and who hears of progress. */
export interface LoadContext {
  spool: RejectSpool;
  strict: boolean;
  onProgress: ((progress: IngestProgress) => void) | undefined;
  /** Files read so far, for the ingest_run row of an ingest that fails part-way. */
  filesRead: FileReconciliation[];
  /** Aborted: the reading stops at the next chunk (see openDataFile). */
  signal?: AbortSignal | undefined;
}

/** Parses one file's bytes and copies its rows; rejects go to the tally. */
interface FileLoader {
  load(database: Database, input: DataFileInput, tally: Tally): Promise<void>;
}

function csvLoader<Row extends { line: number }>(table: CsvTable<Row>, target: CopyTarget<Row>): FileLoader {
  return { load: (database, input, tally) => copyRows(database, parseCsvTable(table, input), target, tally) };
}

/** Each CSV file into its staging table (load-staging.sql). */
const csvLoaders = new Map<string, FileLoader>([
  [campaignCsv.file, csvLoader(campaignCsv, campaignStaging)],
  [rewardCampaignCsv.file, csvLoader(rewardCampaignCsv, rewardCampaignStaging)],
  [rewardTransactionCsv.file, csvLoader(rewardTransactionCsv, rewardTransactionStaging)],
  [campaignRewardMappingCsv.file, csvLoader(campaignRewardMappingCsv, campaignRewardMappingStaging)],
]);

/** Copies one CSV file into its staging table; the counts are final once the checks have run. */
export async function loadCsvFile(
  tx: Database,
  file: LocatedFile,
  context: LoadContext,
): Promise<FileReconciliation> {
  const loader = csvLoaders.get(file.name);
  if (loader === undefined) throw new Error(`no loader for ${file.name}`);
  const read = await loadDataFile(tx, file, loader, context);
  context.filesRead.push(read);
  return read;
}

/**
 * Copies one log file straight into `table` (http_log, or the next_http_log of a replace), its rows
 * tagged with its ingest_file row. `sha256` is what
 * the file was found to hold before (from SHA256SUMS or a hashing pass); the loading pass checks the file
 * still holds it.
 */
export async function loadLogFile(
  tx: Database,
  { file, format }: LocatedLog,
  sourceFileId: number,
  sha256: string,
  context: LoadContext,
  table: 'http_log' | 'next_http_log',
): Promise<FileReconciliation> {
  const loader: FileLoader = {
    load: (database, input, tally) =>
      copyHttpLog(
        database,
        table,
        format.readTuples?.(input, sourceFileId) ?? httpLogTupleBatches(format.read(input), sourceFileId),
        tally,
      ),
  };
  const read = await loadDataFile(tx, file, loader, context);
  if (read.sha256 !== sha256) {
    throw new InputError(
      file.path,
      undefined,
      `the file changed while it was being read (sha256 ${sha256}, then ${read.sha256})`,
    );
  }
  context.filesRead.push(read);
  return read;
}

/** Counts a file's lines and routes its rejects: to the spool, or with --strict, to a failure. */
class Tally {
  lines = 0;
  rejected = 0;
  /** The line of the latest row or reject, to place a read failure. */
  lastLine = 0;

  constructor(
    private readonly file: LocatedFile,
    private readonly context: LoadContext,
  ) {}

  async reject(reject: Reject): Promise<void> {
    this.rejected++;
    if (this.context.strict) throw new InputError(this.file.path, reject.line, reject.reason);
    await this.context.spool.add(reject);
  }
}

async function loadDataFile(
  tx: Database,
  file: LocatedFile,
  loader: FileLoader,
  context: LoadContext,
): Promise<FileReconciliation> {
  const tally = new Tally(file, context);
  const progress = (bytes: number, done: boolean) =>
    context.onProgress?.({ file: file.name, bytes, totalBytes: file.bytes, lines: tally.lines, done });
  progress(0, false);
  const opened = openDataFile(file.path, file.name, (bytes) => progress(bytes, false), context.signal);
  try {
    await loader.load(tx, opened.input, tally);
  } catch (error) {
    if (error instanceof FileReadError) {
      throw new InputError(
        file.path,
        tally.lastLine + 1,
        `reading failed at byte ${error.bytesRead}: ${errorMessage(error.cause)}`,
      );
    }
    if (error instanceof PerxError) throw error;
    throw new PerxError(
      `${file.path}: loading stopped after line ${tally.lastLine}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const digest: FileDigest = opened.digest();
  if (file.expectedSha256 !== undefined && digest.sha256 !== file.expectedSha256) {
    throw new InputError(
      file.path,
      undefined,
      `checksum mismatch: the file's sha256 is ${digest.sha256}, ${checksumFileName} says ${file.expectedSha256}`,
    );
  }
  progress(digest.bytes, true);
  const loaded = tally.lines - tally.rejected;
  return { file: file.name, lines: tally.lines, loaded, rejected: tally.rejected, duplicates: 0, ...digest };
}

/** Rows are grouped into strings of about this size: fewer, larger writes to COPY. */
const copyBatchChars = 64 * 1024;

async function copyRows<Row extends { line: number }>(
  database: Database,
  parsed: AsyncIterable<Parsed<Row>>,
  target: CopyTarget<Row>,
  tally: Tally,
): Promise<void> {
  async function* copyText(): AsyncGenerator<string> {
    let batch = '';
    for await (const item of parsed) {
      tally.lines++;
      tally.lastLine = item.line;
      if (item instanceof Reject) {
        await tally.reject(item);
        continue;
      }
      batch += encodeCopyRow(target.values(item));
      if (batch.length >= copyBatchChars) {
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  }
  await database.copyFrom(target.table, target.columns, copyText());
}

/** The log is copied in the binary format: the server then parses no timestamps (copy-binary.ts). */
async function copyHttpLog(
  database: Database,
  table: 'http_log' | 'next_http_log',
  batches: AsyncIterable<TupleBatch>,
  tally: Tally,
): Promise<void> {
  async function* tuples(): AsyncGenerator<Buffer> {
    for await (const batch of batches) {
      tally.lines += batch.lines;
      tally.lastLine = batch.lastLine;
      for (const reject of batch.rejects) await tally.reject(reject);
      if (batch.tuples !== undefined) yield batch.tuples;
    }
  }
  await database.copyBinaryFrom(table, httpLogColumns, tuples(), { freeze: freezesLog(database, table) });
}

/**
 * Rows loaded into next_http_log, a table this ingest's transaction created, go in frozen and all-visible:
 * the visibility map then covers the new log at once, so `perx report all` reads it from its index alone
 * without the VACUUM it would first run (user-partitions.ts: 0.6 s at 3M requests, about 2 s at 10M),
 * and no later VACUUM has to freeze them. On a PostgreSQL server only, as that VACUUM: on Citus the rows
 * go to the workers' shards, and PGlite reads the log with a sequential scan.
 */
function freezesLog(database: Database, table: 'http_log' | 'next_http_log'): boolean {
  return table === 'next_http_log' && database.engine === 'postgres' && database.citus === undefined;
}
