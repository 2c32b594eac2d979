import { readFile } from 'node:fs/promises';
import { maskCredentials } from '../../config/credentials.js';
import type { Database } from '../../db/database.js';

const lastIngestRunSql = await readFile(new URL('./last-ingest-run.sql', import.meta.url), 'utf8');
const ingestRejectsSql = await readFile(new URL('./ingest-rejects.sql', import.meta.url), 'utf8');
const rowCountsSql = await readFile(new URL('./row-counts.sql', import.meta.url), 'utf8');

/** One file of an ingest, as the ingest reconciled it: every non-blank line loaded or rejected. */
export interface IngestFile {
  file: string;
  lines: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  bytes: number;
  sha256: string;
}

export interface IngestRun {
  id: number;
  source: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: 'running' | 'succeeded' | 'failed' | 'abandoned';
  error: string | null;
  files: IngestFile[];
  rejected_lines: number;
  /** When the data now live was loaded: the last ingest that succeeded, which may be an earlier run. */
  data_loaded_at: Date | null;
}

export const ingestRejectColumns = ['file', 'line_number', 'reason', 'raw'] as const;

export interface IngestReject {
  file: string;
  line_number: number;
  raw: string;
  reason: string;
}

export type RowCounts = Record<
  'campaign' | 'reward_campaign' | 'reward_transaction' | 'campaign_reward_mapping' | 'http_log',
  number
>;

export interface IngestStatus {
  lastRun: (IngestRun & { rejects: IngestReject[] }) | null;
  rowCounts: RowCounts;
}

/**
 * Runs are stored with credentials masked (ingest-records.ts, migration 005); masking again on the way
 * out keeps a row written by any other path off the page too.
 */
function masked(run: IngestRun): IngestRun {
  return { ...run, source: maskCredentials(run.source), error: run.error && maskCredentials(run.error) };
}

/** The last ingest with its per-file counts and (up to rejectLimit of) its rejected lines. */
export async function readIngestStatus(database: Database, rejectLimit: number): Promise<IngestStatus> {
  const [run] = (await database.query<IngestRun>(lastIngestRunSql)).map(masked);
  const [rowCounts] = await database.query<RowCounts>(rowCountsSql);
  if (!rowCounts) throw new Error('the row-count query returned no row');
  if (!run) return { lastRun: null, rowCounts };
  const rejects = await readIngestRejects(database, run.id, { limit: rejectLimit, offset: 0 });
  return { lastRun: { ...run, rejects }, rowCounts };
}

/** Only the newest run and when the live data was loaded, for the "data as of" line every page carries. */
export async function readLastIngestRun(database: Database): Promise<IngestRun | null> {
  const [run] = (await database.query<IngestRun>(lastIngestRunSql)).map(masked);
  return run ?? null;
}

/** A page of one ingest's rejected lines. */
export function readIngestRejects(
  database: Database,
  runId: number,
  page: { limit: number; offset: number },
): Promise<IngestReject[]> {
  return database.query<IngestReject>(ingestRejectsSql, [runId, page.limit, page.offset]);
}

/** One ingest's rejected lines, streamed for a download: every one, or the page given. */
export function streamIngestRejects(
  database: Database,
  runId: number,
  page: { limit?: number | undefined; offset: number } = { offset: 0 },
): AsyncIterable<IngestReject> {
  return database.stream<IngestReject>(ingestRejectsSql, [runId, page.limit ?? null, page.offset]);
}
