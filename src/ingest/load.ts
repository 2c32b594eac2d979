import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCopyRow } from '../db/copy-text.js';
import type { Database } from '../db/database.js';
import { InputError, PerxError, errorMessage } from '../errors.js';
import { checksumFileName, readChecksums } from './checksums.js';
import {
  campaignRewardMappingStaging,
  campaignStaging,
  httpLogTarget,
  rewardCampaignStaging,
  rewardTransactionStaging,
  type CopyTarget,
} from './copy-targets.js';
import { datasetFiles } from './dataset-files.js';
import { httpLogFormats, type HttpLogFormat } from './http-log-formats.js';
import { finishIngestRun, recordIngestFile, startIngestRun } from './ingest-records.js';
import { parseCsvTable, type CsvTable } from './parsers/csv-table.js';
import {
  campaignCsv,
  campaignRewardMappingCsv,
  rewardCampaignCsv,
  rewardTransactionCsv,
} from './parsers/csv-tables.js';
import { Reject, type DataFileInput, type Parsed } from './parsers/parsed-line.js';
import { FileReadError, hashFile, openDataFile, type FileDigest } from './read-data-file.js';
import type { FileReconciliation, IngestProgress, IngestSummary } from './reconciliation.js';
import { RejectSpool } from './reject-spool.js';
import { resolveSource } from './sources/resolve-source.js';

export interface IngestOptions {
  /** A folder, or anything else resolveSource accepts (a git URL, an https base URL). */
  source: string;
  /** Fail on the first rejected line instead of loading the rest and reporting it. */
  strict?: boolean;
  /** Where remote sources are cloned or downloaded between runs; default: perx-source-cache in the temp folder. */
  cacheDir?: string;
  onProgress?: (progress: IngestProgress) => void;
}

/**
 * Loads a Perx data set, replacing the contents of campaign, reward_campaign, reward_transaction,
 * campaign_reward_mapping and http_log in one transaction. Files are streamed and their sha256 computed
 * on the way (and checked against SHA256SUMS when the folder has one); every non-blank line is loaded or
 * recorded in ingest_reject with its reason. Every ingest leaves an ingest_run row. A failure (unreadable
 * file, LFS pointer, checksum mismatch, --strict with a reject) leaves the previous data untouched and
 * throws a PerxError naming the file, the line where there is one, and the reason.
 */
export async function ingest(database: Database, options: IngestOptions): Promise<IngestSummary> {
  const startedAt = new Date();
  const strict = options.strict ?? false;
  const runId = await startIngestRun(database, options.source, startedAt);
  let source = options.source;
  const filesRead: FileReconciliation[] = [];
  try {
    const resolved = await resolveSource(options.source, {
      cacheDir: options.cacheDir ?? join(tmpdir(), 'perx-source-cache'),
    });
    source = resolved.description;
    const dataset = await locateDataset(resolved.folder);
    const context: LoadContext = { runId, strict, onProgress: options.onProgress, filesRead };
    return await database.transaction(async (tx) => {
      const files = await loadDataset(tx, dataset, context);
      const finishedAt = await finishIngestRun(tx, runId, { source, outcome: 'succeeded', files });
      return { runId, source, folder: resolved.folder, strict, startedAt, finishedAt, files };
    });
  } catch (error) {
    const failure = asPerxError(error);
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

/** A data set file found in the source folder. */
interface LocatedFile {
  name: string;
  path: string;
  bytes: number;
  /** From SHA256SUMS, when the folder has one. */
  expectedSha256: string | undefined;
}

interface LocatedDataset {
  csv: { file: LocatedFile; loader: FileLoader }[];
  httpLog: { file: LocatedFile; format: HttpLogFormat };
}

interface LoadContext {
  runId: number;
  strict: boolean;
  onProgress: ((progress: IngestProgress) => void) | undefined;
  /** Files read so far, for the ingest_run row of an ingest that fails part-way. */
  filesRead: FileReconciliation[];
}

/** Parses one file's bytes and copies its rows; rejects go to the tally. */
interface FileLoader {
  load(database: Database, input: DataFileInput, tally: Tally): Promise<void>;
}

function csvLoader<Row extends { line: number }>(table: CsvTable<Row>, target: CopyTarget<Row>): FileLoader {
  return { load: (database, input, tally) => copyRows(database, parseCsvTable(table, input), target, tally) };
}

/** Parents before the rows that name them; the order of the reconciliation. */
const csvFiles = [
  { table: campaignCsv, loader: csvLoader(campaignCsv, campaignStaging) },
  { table: rewardCampaignCsv, loader: csvLoader(rewardCampaignCsv, rewardCampaignStaging) },
  { table: rewardTransactionCsv, loader: csvLoader(rewardTransactionCsv, rewardTransactionStaging) },
  {
    table: campaignRewardMappingCsv,
    loader: csvLoader(campaignRewardMappingCsv, campaignRewardMappingStaging),
  },
];

const sqlTexts = new Map<string, Promise<string>>();
type LoadSqlFile =
  'load-staging.sql' | 'load-http-log-rebuild.sql' | 'load-checks.sql' | 'load-rejects.sql' | 'load-swap.sql';

/** Each statement file is read once per process. */
function sqlFile(name: LoadSqlFile): Promise<string> {
  let text = sqlTexts.get(name);
  if (text === undefined) {
    text = readFile(new URL(`./${name}`, import.meta.url), 'utf8');
    sqlTexts.set(name, text);
  }
  return text;
}

const rejectsPerFileSql = `SELECT file, count(*) AS rejected FROM ingest_reject WHERE ingest_run_id = $1 GROUP BY file`;
const firstRejectSql = `SELECT file, line_number, reason FROM ingest_reject WHERE ingest_run_id = $1 ORDER BY id LIMIT 1`;
const mappingPairsSql = `SELECT count(*) AS pairs FROM campaign_reward_mapping`;
// ingest_reject describes the data now loaded; earlier ingests keep their counts in ingest_run.files.
const deleteEarlierRejectsSql = `DELETE FROM ingest_reject WHERE ingest_run_id <> $1`;

async function locateDataset(folder: string): Promise<LocatedDataset> {
  const checksums = await readChecksums(folder);
  const locate = async (name: string): Promise<LocatedFile | undefined> => {
    const path = join(folder, name);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new InputError(path, undefined, `cannot read: ${errorMessage(error)}`);
    });
    if (info === undefined) return undefined;
    if (!info.isFile()) throw new InputError(path, undefined, 'is not a regular file');
    const expectedSha256 = checksums?.get(name);
    if (checksums !== undefined && expectedSha256 === undefined) {
      throw new InputError(join(folder, checksumFileName), undefined, `lists no checksum for ${name}`);
    }
    return { name, path, bytes: info.size, expectedSha256 };
  };
  const allNames = [
    ...csvFiles.map(({ table }) => table.file),
    httpLogFormats.map((f) => f.file).join(' or '),
  ];
  const missing = (name: string) =>
    new InputError(join(folder, name), undefined, `not found: a Perx data set holds ${allNames.join(', ')}`);

  const csv: LocatedDataset['csv'] = [];
  for (const { table, loader } of csvFiles) {
    const file = await locate(table.file);
    if (file === undefined) throw missing(table.file);
    csv.push({ file, loader });
  }
  for (const format of httpLogFormats) {
    const file = await locate(format.file);
    if (file !== undefined) return { csv, httpLog: { file, format } };
  }
  throw missing(datasetFiles.httpLog);
}

async function loadDataset(
  tx: Database,
  dataset: LocatedDataset,
  context: LoadContext,
): Promise<FileReconciliation[]> {
  const { runId } = context;
  const spool = new RejectSpool(runId);
  try {
    await tx.execute(await sqlFile('load-staging.sql'));
    for (const { file, loader } of dataset.csv) {
      context.filesRead.push(await loadDataFile(tx, file, loader, spool, context));
    }
    context.filesRead.push(await loadHttpLog(tx, dataset.httpLog, spool, context));
    await tx.execute(await sqlFile('load-http-log-rebuild.sql'));
    await spool.copyInto(tx);

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
    await tx.execute(await sqlFile('load-swap.sql'));

    const rejected = new Map(
      (await tx.query<{ file: string; rejected: number }>(rejectsPerFileSql, [runId])).map((row) => [
        row.file,
        row.rejected,
      ]),
    );
    const [mapping] = await tx.query<{ pairs: number }>(mappingPairsSql);
    const files = context.filesRead.map((read) => {
      const fileRejected = rejected.get(read.file) ?? 0;
      const loaded = read.lines - fileRejected;
      const duplicates = read.file === campaignRewardMappingCsv.file ? loaded - (mapping?.pairs ?? 0) : 0;
      return { ...read, loaded, rejected: fileRejected, duplicates };
    });
    for (const file of files) await recordIngestFile(tx, runId, file);
    await tx.query(deleteEarlierRejectsSql, [runId]);
    return files;
  } finally {
    await spool.remove();
  }
}

function pathOf(dataset: LocatedDataset, name: string): string {
  const all = [...dataset.csv.map(({ file }) => file), dataset.httpLog.file];
  return all.find((file) => file.name === name)?.path ?? name;
}

/**
 * The log is copied straight into http_log, whose rows name their ingest_file row, so that row must
 * exist first. It is found by content (see 001-core.sql): the sha256 comes from SHA256SUMS, or else from
 * a first pass over the file; the loading pass checks the file still has it.
 */
async function loadHttpLog(
  tx: Database,
  { file, format }: LocatedDataset['httpLog'],
  spool: RejectSpool,
  context: LoadContext,
): Promise<FileReconciliation> {
  const sha256 =
    file.expectedSha256 ??
    (
      await hashFile(file.path).catch((error: unknown) => {
        throw asPerxError(error);
      })
    ).sha256;
  const placeholder = {
    file: file.name,
    lines: 0,
    loaded: 0,
    rejected: 0,
    duplicates: 0,
    bytes: file.bytes,
    sha256,
  };
  const sourceFileId = await recordIngestFile(tx, context.runId, placeholder);
  const target = httpLogTarget(sourceFileId);
  const loader: FileLoader = {
    load: (database, input, tally) => copyRows(database, format.read(input), target, tally),
  };
  const read = await loadDataFile(tx, file, loader, spool, context);
  if (read.sha256 !== sha256) {
    throw new InputError(
      file.path,
      undefined,
      `the file changed while it was being read (sha256 ${sha256}, then ${read.sha256})`,
    );
  }
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
    private readonly spool: RejectSpool,
    private readonly strict: boolean,
  ) {}

  async reject(reject: Reject): Promise<void> {
    this.rejected++;
    if (this.strict) throw new InputError(this.file.path, reject.line, reject.reason);
    await this.spool.add(reject);
  }
}

async function loadDataFile(
  tx: Database,
  file: LocatedFile,
  loader: FileLoader,
  spool: RejectSpool,
  context: LoadContext,
): Promise<FileReconciliation> {
  const tally = new Tally(file, spool, context.strict);
  const progress = (bytes: number, done: boolean) =>
    context.onProgress?.({ file: file.name, bytes, totalBytes: file.bytes, lines: tally.lines, done });
  progress(0, false);
  const opened = openDataFile(file.path, file.name, (bytes) => progress(bytes, false));
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

function asPerxError(error: unknown): PerxError {
  if (error instanceof PerxError) return error;
  if (error instanceof FileReadError) return new InputError(error.path, undefined, errorMessage(error.cause));
  return new PerxError(`ingest failed: ${errorMessage(error)}`, { cause: error });
}
