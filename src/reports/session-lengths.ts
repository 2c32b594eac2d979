import type { Database } from '../db/database.js';
import { reportSql } from './named-sql.js';
import type { SessionParams } from './params.js';
import type { ReportRun } from './report-run.js';
import { storedSessionValues } from './sessions.js';

/** The lengths a session falls into, shortest first: a session's last request's time minus its first's. */
export const sessionLengthBuckets = [
  '0 s',
  'under 1 min',
  '1–5 min',
  '5–15 min',
  '15–30 min',
  '30–60 min',
  '1 h or more',
] as const;

export interface SessionLengthCount {
  length: (typeof sessionLengthBuckets)[number];
  sessions: number;
}

/**
 * The listing's own statement (every filter, no paging) as a subquery, each session counted in its
 * bucket. The bounds are half-open: 60 s is "1–5 min"; "0 s" is a session of one instant.
 */
const sessionLengthsSql = (listing: string): string => `SELECT bucket, count(*) AS sessions
FROM (
  SELECT
    CASE
      WHEN listed.session_end = listed.session_start THEN 0
      WHEN listed.session_end - listed.session_start < interval '1 minute' THEN 1
      WHEN listed.session_end - listed.session_start < interval '5 minutes' THEN 2
      WHEN listed.session_end - listed.session_start < interval '15 minutes' THEN 3
      WHEN listed.session_end - listed.session_start < interval '30 minutes' THEN 4
      WHEN listed.session_end - listed.session_start < interval '1 hour' THEN 5
      ELSE 6
    END AS bucket
  FROM (
${listing}
  ) AS listed
) AS bucketed
GROUP BY bucket`;

/** How many of the sessions matching the filters (all pages) fall in each length bucket, empty ones too. */
export async function sessionLengths(
  database: Database,
  params: SessionParams,
  run: ReportRun,
): Promise<SessionLengthCount[]> {
  const listing = await reportSql('stored-sessions.sql', database);
  const counted = await database.query<{ bucket: number; sessions: number }>(
    sessionLengthsSql(listing.text),
    listing.bind(storedSessionValues(run, params, { unpaged: true })),
  );
  const byBucket = new Map(counted.map((row) => [row.bucket, row.sessions]));
  return sessionLengthBuckets.map((length, bucket) => ({ length, sessions: byBucket.get(bucket) ?? 0 }));
}
