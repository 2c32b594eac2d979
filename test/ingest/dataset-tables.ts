import type { Database } from '../../src/db/database.js';

/** Timestamps as exact UTC text with microseconds, so expectations are plain strings. */
const utcText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${column.replaceAll('"', '')}`;

/** The five data tables in a fixed order, every column (http_log's source_file_id only when asked). */
export async function dataTables(database: Database, options: { sourceFileId?: boolean } = {}) {
  return {
    campaign: await database.query('SELECT id, name, status FROM campaign ORDER BY id'),
    reward_campaign: await database.query(
      `SELECT id, reward_name, ${utcText('updated_at')}, campaign_id FROM reward_campaign ORDER BY id`,
    ),
    reward_transaction: await database.query(
      `SELECT id, status, ${utcText('updated_at')}, reward_campaign_id FROM reward_transaction ORDER BY id`,
    ),
    campaign_reward_mapping: await database.query(
      'SELECT campaign_id, reward_id FROM campaign_reward_mapping ORDER BY campaign_id, reward_id',
    ),
    http_log: await database.query(
      `SELECT ${utcText('"timestamp"')}, http_method, http_path, user_id,
              ${options.sourceFileId ? 'source_file_id, ' : ''}source_line
       FROM http_log ORDER BY source_file_id, source_line`,
    ),
  };
}

export interface RejectRow {
  file: string;
  line: number;
  raw: string;
  reason: string;
}

export function rejectsOfRun(database: Database, runId: number): Promise<RejectRow[]> {
  return database.query<RejectRow>(
    `SELECT file, line_number AS line, raw, reason FROM ingest_reject WHERE ingest_run_id = $1
     ORDER BY array_position(ARRAY['campaign.csv', 'reward_campaign.csv', 'reward_transaction.csv',
                                   'campaign_reward_mapping.csv', 'http_log.txt'], file), line_number`,
    [runId],
  );
}

export interface RunRow {
  id: number;
  source: string;
  outcome: string;
  error: string | null;
  files: { file: string; lines: number; loaded: number; rejected: number; duplicates: number }[];
  finished: boolean;
}

export function ingestRuns(database: Database): Promise<RunRow[]> {
  return database.query<RunRow>(
    'SELECT id, source, outcome, error, files, finished_at IS NOT NULL AS finished FROM ingest_run ORDER BY id',
  );
}
