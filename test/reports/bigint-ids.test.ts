import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportSessionsAvro, readAvroFile, sessionContract } from '../../src/avro/index.js';
import { loadConfig } from '../../src/config/config.js';
import { ingest } from '../../src/ingest/load.js';
import { csvChunks, jsonChunks } from '../../src/output/index.js';
import {
  engagementParamsSchema,
  engagementPeaks,
  sessionParamsSchema,
  sessionRows,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { describeEachEngine } from '../support/engines.js';
import { collect } from './fixture.js';

/**
 * Ids at the ends of bigint: 9223372036854775807 (2^63 - 1), 9007199254740993 (2^53 + 1, the first
 * integer a double cannot hold: as a number it would read 9007199254740992) and -3. Each campaign has one
 * reward campaign with one redeemed transaction, in its own UTC hour of 2019-08-27 (a Tuesday, so the
 * Monday week is 2019-08-26); each campaign's single hour is its peak.
 */
const max = '9223372036854775807';
const past53 = '9007199254740993';
const files = {
  'campaign.csv': `id,name,status\n${max},Max,active\n${past53},Past,active\n-3,Negative,active\n`,
  'reward_campaign.csv':
    'id,reward_name,updated_at,campaign_id\n' +
    `${max},Max reward,2019-08-01 00:00:00 UTC,${max}\n` +
    `${past53},Past reward,2019-08-01 00:00:00 UTC,${past53}\n` +
    '-3,Negative reward,2019-08-01 00:00:00 UTC,-3\n',
  'reward_transaction.csv':
    'id,status,updated_at,reward_campaign_id\n' +
    `${max},redeemed,2019-08-27 01:00:00 UTC,${max}\n` +
    `${past53},redeemed,2019-08-27 02:00:00 UTC,${past53}\n` +
    '-3,redeemed,2019-08-27 03:00:00 UTC,-3\n',
  'campaign_reward_mapping.csv': `campaign_id,reward_id\n${max},${max}\n`,
  // u1 views the largest campaign and is issued its reward (mapped): driven. u2's paths hold a 19-digit
  // number one above the largest bigint and a 20-digit one: plain activity.
  'http_log.txt':
    `2019-08-27T00:00:00Z GET /campaigns/${max} u1\n` +
    `2019-08-27T00:01:00Z POST /rewards/${max} u1\n` +
    '2019-08-27T00:00:00Z GET /campaigns/9223372036854775808 u2\n' +
    '2019-08-27T00:01:00Z GET /campaigns/00000000000000000001 u2\n',
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-bigint-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describeEachEngine('bigint ids end to end', ({ database }) => {
  beforeAll(async () => {
    await ingest(database(), { source: folder, strict: true });
  });

  it('loads every id a bigint holds and reads it back exactly', async () => {
    const ids = await database().query<{ id: number | bigint }>('SELECT id FROM campaign ORDER BY id');
    expect(ids.map((row) => row.id)).toEqual([-3, 9007199254740993n, 9223372036854775807n]);
  });

  it('filters by any of them and writes them digit for digit in JSON and CSV', async () => {
    const peaks = (campaign: string) =>
      collect(engagementPeaks(database(), engagementParamsSchema.parse({ tz: 'UTC', campaign })));
    expect((await peaks(max)).map((row) => [row.campaign_id, row.time])).toEqual([
      [9223372036854775807n, '01:00'],
    ]);
    expect((await peaks(past53)).map((row) => [row.campaign_id, row.time])).toEqual([
      [9007199254740993n, '02:00'],
    ]);
    expect((await peaks('-3')).map((row) => [row.campaign_id, row.time])).toEqual([[-3, '03:00']]);

    const all = await collect(engagementPeaks(database(), engagementParamsSchema.parse({ tz: 'UTC' })));
    const json = await text(jsonChunks(all, ['campaign_id', 'time'], 'UTC'));
    expect(json).toBe(
      '[\n{"campaign_id":-3,"time":"03:00"},\n{"campaign_id":9007199254740993,"time":"02:00"},\n' +
        '{"campaign_id":9223372036854775807,"time":"01:00"}\n]\n',
    );
    const weeks = await collect(weeklyRedemptions(database(), weeklyParamsSchema.parse({ tz: 'UTC' })));
    expect(await text(csvChunks(weeks, ['reward_campaign_id', 'week'], 'UTC'))).toBe(
      'reward_campaign_id,week\r\n-3,2019-08-26\r\n9007199254740993,2019-08-26\r\n9223372036854775807,2019-08-26\r\n',
    );
  });

  it('reads views and issues of every id a bigint holds from the log, and nothing beyond', async () => {
    const sessions = await collect(sessionRows(database(), sessionParamsSchema.parse({ tz: 'UTC' })));
    expect(
      sessions.map((row) => [row.user_id, row.campaigns, row.rewards_issued, row.driven_rewards]),
    ).toEqual([
      ['u1', [9223372036854775807n], [9223372036854775807n], [9223372036854775807n]],
      ['u2', [], [], []],
    ]);
  });

  it('exports them to Avro as exact longs, read back digit for digit', async () => {
    const file = join(await mkdtemp(join(folder, 'avro-')), 'sessions.avro');
    await exportSessionsAvro(database(), sessionParamsSchema.parse({ tz: 'UTC' }), file);
    const ids = [];
    for await (const { value } of readAvroFile<{
      user_id: string;
      campaigns: unknown[];
      driven_rewards: unknown[];
    }>(file, sessionContract)) {
      ids.push([value.user_id, value.campaigns, value.driven_rewards]);
    }
    expect(ids).toEqual([
      ['u1', [9223372036854775807n], [9223372036854775807n]],
      ['u2', [], []],
    ]);
  });

  it('answers the API with the exact ids', async () => {
    const app = createApp({ database: database(), config: loadConfig({}, {}) });
    const response = await app.request(`/api/engagement?tz=UTC&campaign=${max}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(`"rows":[{"campaign_id":${max},"campaign_name":"Max"`);
    // Its heatmap: one date of 24 hours, the transaction at 01:00 UTC, the id echoed digit for digit.
    const matrix = await (
      await app.request(`/api/engagement/matrix?tz=UTC&campaign=${max}&offset=1&limit=1`)
    ).text();
    expect(matrix).toContain(`"campaign":${max},`);
    expect(matrix).toContain('"total":24');
    expect(matrix).toContain('"rows":[{"date":"2019-08-27","hour":1,"no_of_transactions":1}]');
  });
});
