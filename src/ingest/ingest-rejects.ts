import type { Database } from '../db/database.js';

export interface IngestRejectRow {
  file: string;
  line_number: number;
  reason: string;
}

// Files in the order given (the load order), then lines.
const firstRejectsSql = `
SELECT file, line_number, reason
FROM ingest_reject
WHERE ingest_run_id = $1
ORDER BY array_position($2::text[], file), file, line_number
LIMIT $3`;

/** The first rejects of an ingest run, for a report that shows a few and points at the rest. */
export function firstRejects(
  database: Database,
  runId: number,
  fileOrder: readonly string[],
  limit: number,
): Promise<IngestRejectRow[]> {
  return database.query<IngestRejectRow>(firstRejectsSql, [runId, fileOrder, limit]);
}
