import type { Database } from '../db/database.js';
import { datasetFiles } from './dataset-files.js';

/**
 * What an incremental recompute of the reports needs to know about the ingests after the one they were
 * computed from (report_run.ingest_run_id). A request is new when its file was loaded by a later run
 * (ingest_file lists the files whose rows are in, each with the latest run that loaded it).
 *
 * Sessions are per user, and adding requests only ever extends or merges sessions, so with the gap g
 * an old session [start, end] of a user can change only if one of the user's new requests falls in
 * (start - g, end + g). Per user with new requests, first_new_at and last_new_at therefore bound what to
 * recompute: the stored sessions with end > first_new_at - g and start < last_new_at + g, replaced by
 * the sessions of the user's requests from the earliest of those starts (or first_new_at) to the latest
 * of those ends (or last_new_at). Requests just outside that window are at least g away, so they start
 * or end sessions of their own either way.
 *
 * That holds while requests are only added. When a replace ran since, requests may be gone, and when
 * the CSV tables were replaced, campaign_reward_mapping may have changed every session's driven
 * rewards: then everything is recomputed.
 */
export interface IngestChanges {
  /** The latest succeeded ingest now, the one a recompute reads; null when nothing was ingested. */
  latestIngestRunId: number | null;
  /** A replace succeeded since: recompute everything. */
  replaced: boolean;
  /** The four CSV tables were replaced since (by a replace, or an append of changed files): recompute everything. */
  tablesReplaced: boolean;
  /** Requests loaded since, the users they belong to, and their overall time span. */
  newRequests: number;
  users: number;
  firstNewAt: Date | null;
  lastNewAt: Date | null;
}

/** The new requests of one user (see new_request_span in 003-ingest-append.sql). */
export interface NewRequestSpan {
  user_id: string;
  first_new_at: Date;
  last_new_at: Date;
  new_requests: number;
}

/** The ingest a computation read: a report run, or anything else with its ingest_run_id (null: none). */
export interface IngestRunReference {
  ingest_run_id: number | null;
}

const tableFiles = [
  datasetFiles.campaign,
  datasetFiles.rewardCampaign,
  datasetFiles.rewardTransaction,
  datasetFiles.campaignRewardMapping,
];

const ingestChangesSql = `
SELECT
  data_ingest_run_id() AS latest_ingest_run_id,
  EXISTS (
    SELECT FROM ingest_run
    WHERE outcome = 'succeeded' AND mode = 'replace' AND ($1::integer IS NULL OR id > $1::integer)
  ) AS replaced,
  EXISTS (
    SELECT FROM ingest_file
    WHERE name = ANY($2::text[]) AND ($1::integer IS NULL OR ingest_run_id > $1::integer)
  ) AS tables_replaced,
  coalesce(sum(span.new_requests), 0)::bigint AS new_requests,
  count(*) AS users,
  min(span.first_new_at) AS first_new_at,
  max(span.last_new_at) AS last_new_at
FROM new_request_span($1::integer) AS span`;

interface IngestChangesRow {
  latest_ingest_run_id: number | null;
  replaced: boolean;
  tables_replaced: boolean;
  new_requests: number;
  users: number;
  first_new_at: Date | null;
  last_new_at: Date | null;
}

/** What changed since the ingest a computation read. */
export async function ingestChangesSince(
  database: Database,
  since: IngestRunReference,
): Promise<IngestChanges> {
  const [row] = await database.query<IngestChangesRow>(ingestChangesSql, [since.ingest_run_id, tableFiles]);
  if (!row) throw new Error('the ingest changes query returned no row');
  return {
    latestIngestRunId: row.latest_ingest_run_id,
    replaced: row.replaced,
    tablesReplaced: row.tables_replaced,
    newRequests: row.new_requests,
    users: row.users,
    firstNewAt: row.first_new_at,
    lastNewAt: row.last_new_at,
  };
}

/**
 * Per user with requests loaded since the ingest a computation read, the first and last of them, in
 * user order. Streamed: an append can bring many users. Inside SQL, use new_request_span($1) directly.
 */
export function newRequestsSince(
  database: Database,
  since: IngestRunReference,
): AsyncIterable<NewRequestSpan> {
  return database.stream<NewRequestSpan>(
    'SELECT user_id, first_new_at, last_new_at, new_requests FROM new_request_span($1::integer) ORDER BY user_id',
    [since.ingest_run_id],
  );
}
