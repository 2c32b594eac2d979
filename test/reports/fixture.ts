import { encodeCopyRow, type CopyValue } from '../../src/db/copy-text.js';
import type { Database } from '../../src/db/database.js';
import { httpLogColumns } from '../../src/ingest/http-log-tuples.js';
import { classifyRequest } from '../../src/ingest/request-class.js';
import { truncateData } from '../support/engines.js';

/**
 * A hand-made data set, inserted straight into the source tables (as a succeeded ingest of one log
 * file), so each report test states its input next to the answer worked out by hand.
 */
export interface Fixture {
  /** [id, name] */
  campaigns?: readonly (readonly [number, string])[];
  /** [id, reward_name, campaign_id] */
  rewardCampaigns?: readonly (readonly [number, string, number])[];
  /** [id, status, updated_at (any timestamptz text), reward_campaign_id] */
  transactions?: readonly (readonly [number, string, string, number])[];
  /** [campaign_id, reward_id] */
  mapping?: readonly (readonly [number, number])[];
  /** Log lines `timestamp method path user_id`, in file order (source_line 1, 2, ...). */
  log?: readonly string[];
}

export async function loadFixture(database: Database, fixture: Fixture): Promise<void> {
  await truncateData(database);
  await database.query(
    `INSERT INTO ingest_run (source, finished_at, outcome) VALUES ('fixture', now(), 'succeeded')`,
  );
  await database.query(
    `INSERT INTO ingest_file (ingest_run_id, name, sha256, bytes, lines, loaded, rejected)
     VALUES (1, 'http_log.txt', 'fixture', 0, $1, $1, 0)`,
    [fixture.log?.length ?? 0],
  );
  const copy = async (
    table: string,
    columns: string[],
    rows: readonly (readonly CopyValue[])[] | undefined,
  ) => {
    if (rows && rows.length > 0) {
      await database.copyFrom(
        table,
        columns,
        rows.map((row) => encodeCopyRow(row)),
      );
    }
  };
  await copy(
    'campaign',
    ['id', 'name', 'status'],
    fixture.campaigns?.map(([id, name]) => [id, name, 'active']),
  );
  await copy(
    'reward_campaign',
    ['id', 'reward_name', 'updated_at', 'campaign_id'],
    fixture.rewardCampaigns?.map(([id, name, campaignId]) => [id, name, '2019-08-01T00:00:00Z', campaignId]),
  );
  await copy(
    'reward_transaction',
    ['id', 'status', 'updated_at', 'reward_campaign_id'],
    fixture.transactions,
  );
  await copy('campaign_reward_mapping', ['campaign_id', 'reward_id'], fixture.mapping);
  await copy(
    'http_log',
    [...httpLogColumns],
    fixture.log?.map((line, index) => logRow(line, 1, index + 1)),
  );
}

/**
 * One log line `timestamp method path user_id` as the values of an http_log row (httpLogColumns): from
 * file `sourceFileId`, line `sourceLine`, classified as the loader classifies it.
 */
export function logRow(line: string, sourceFileId: number, sourceLine: number): CopyValue[] {
  const [timestamp = '', method = '', path = '', userId = ''] = line.split(' ');
  const { viewedCampaignId, issuedRewardId } = classifyRequest(method, path);
  return [timestamp, method, path, userId, sourceFileId, sourceLine, viewedCampaignId, issuedRewardId];
}

export async function collect<Row>(rows: AsyncIterable<Row>): Promise<Row[]> {
  const collected: Row[] = [];
  for await (const row of rows) collected.push(row);
  return collected;
}

/** Rows as JSON would carry them (dates as ISO strings), for comparing with hand-written answers. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
