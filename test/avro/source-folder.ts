import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { runPerx, type PerxResult } from '../support/perx-cli.js';

/** The four small tables of a hand-made data set; the mapping ties campaign 11 to reward 7993 and 12 to 500. */
const tables = {
  'campaign.csv': 'Id,name,status\n1,My Campaign 1,active\n',
  'reward_campaign.csv': 'id,reward_name,updated_at,campaign_id\n1,My Reward,2019-08-09 12:04:10.041 UTC,1\n',
  'reward_transaction.csv':
    'id,status,updated_at,reward_campaign_id\n1,redeemed,2019-08-18 11:04:10.041 UTC,1\n',
  'campaign_reward_mapping.csv': 'campaign_id,reward_id\n11,7993\n12,500\n',
};

/** A source folder holding the four tables and one HTTP log file (http_log.txt or http_log.avro). */
export async function sourceFolder(
  folder: string,
  httpLog: { file: 'http_log.txt' | 'http_log.avro'; content: string | Buffer },
): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(tables)) await writeFile(join(folder, name), content);
  await writeFile(join(folder, httpLog.file), httpLog.content);
  return folder;
}

export interface StoredRequest {
  timestamp: string;
  http_method: string;
  http_path: string;
  user_id: string;
  source_line: number;
}

/** http_log in file order, every column but source_file_id, times as exact UTC text. */
export function storedRequests(database: Database): Promise<StoredRequest[]> {
  return database.query<StoredRequest>(
    `SELECT to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestamp",
            http_method, http_path, user_id, source_line
     FROM http_log
     ORDER BY source_file_id, source_line`,
  );
}

/** Runs the perx CLI from source in a child process, against the store its environment names. */
export function runCli(args: string[], env: Record<string, string>): Promise<PerxResult> {
  return runPerx(args, { env });
}
