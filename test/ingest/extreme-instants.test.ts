import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  exportHttpLogAvro,
  exportSessionsAvro,
  readAvroFile,
  sessionContract,
} from '../../src/avro/index.js';
import { ingest } from '../../src/ingest/load.js';
import type { IngestSummary } from '../../src/ingest/reconciliation.js';
import { csvChunks, jsonChunks, tableChunks } from '../../src/output/index.js';
import {
  computeAllReports,
  engagementParamsSchema,
  engagementPeaks,
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  storedRunFor,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/web/app.js';
import { collect } from '../reports/fixture.js';
import { describeEachEngine } from '../support/engines.js';
import { dataTables } from './dataset-tables.js';

/**
 * The first and last instants the file formats can write (years 0001 and 9999 with any offset) reach
 * 1 BC and 10000 AD in UTC. Worked out by hand:
 * - 0001-01-01T00:00:00+08:00 is 0000-12-31T16:00:00Z (ISO 8601's year 0000 is 1 BC), a Sunday, since
 *   0001-01-01 is a Monday in the proleptic Gregorian calendar; its Monday week starts 0000-12-25.
 * - 9999-12-31T23:00:00-05:00 is +010000-01-01T04:00:00Z; 400 Gregorian years are whole weeks, so
 *   10000-01-01 falls on the weekday of 2000-01-01, a Saturday; its week starts 9999-12-27.
 * - 00:04:59.999999 after a view, the issue is in the same session (the gap is under 300 s) and is
 *   printed to the microsecond.
 */
const files = {
  'campaign.csv': 'id,name,status\n1,Ancient,active\n',
  'reward_campaign.csv':
    'id,reward_name,updated_at,campaign_id\n' +
    '10,First,2019-08-01 00:00:00 UTC,1\n11,Last,2019-08-01 00:00:00 UTC,1\n12,Now,2019-08-01 00:00:00 UTC,1\n',
  'reward_transaction.csv':
    'id,status,updated_at,reward_campaign_id\n' +
    '100,redeemed,0001-01-01T00:00:00+08:00,10\n' +
    '101,redeemed,9999-12-31T23:00:00-05:00,11\n' +
    '102,redeemed,2019-08-27 00:07:05.123456 UTC,12\n',
  'campaign_reward_mapping.csv': 'campaign_id,reward_id\n1,10\n',
  'http_log.txt':
    '0001-01-01T00:00:00+08:00 GET /campaigns/1 u1\n' +
    '0001-01-01T00:04:59.999999+08:00 POST /rewards/10 u1\n' +
    '9999-12-31T23:59:59.000001-05:00 GET /campaigns/1 u2\n',
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-extreme-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describeEachEngine('instants at the edges of the calendar', ({ database }) => {
  let summary: IngestSummary;
  beforeAll(async () => {
    summary = await ingest(database(), { source: folder, strict: true });
  });

  it('loads 1 BC and 10000 AD from the CSV files and the log, exact to the microsecond', async () => {
    expect(summary.files.map((file) => [file.file, file.loaded, file.rejected])).toEqual([
      ['campaign.csv', 1, 0],
      ['reward_campaign.csv', 3, 0],
      ['reward_transaction.csv', 3, 0],
      ['campaign_reward_mapping.csv', 1, 0],
      ['http_log.txt', 3, 0],
    ]);
    const rows = await database().query<{ id: number; updated_at: Date }>(
      'SELECT id, updated_at FROM reward_transaction ORDER BY id',
    );
    expect(rows.map((row) => [row.id, row.updated_at.toISOString()])).toEqual([
      [100, '0000-12-31T16:00:00.000Z'],
      [101, '+010000-01-01T04:00:00.000Z'],
      [102, '2019-08-27T00:07:05.123456Z'],
    ]);
    // PostgreSQL's own reading of the stored values, for the record.
    const stored = await database().query<{ text: string }>(
      `SELECT updated_at AT TIME ZONE 'UTC' || '' AS text FROM reward_transaction ORDER BY id`,
    );
    expect(stored.map((row) => row.text)).toEqual([
      '0001-12-31 16:00:00 BC',
      '10000-01-01 04:00:00',
      '2019-08-27 00:07:05.123456',
    ]);
    expect((await dataTables(database())).http_log.map((row) => row.timestamp)).toEqual([
      // to_char's YYYY drops the era: this is 1 BC.
      '0001-12-31T16:00:00.000000Z',
      '0001-12-31T16:04:59.999999Z',
      '10000-01-01T04:59:59.000001Z',
    ]);
  });

  it('prints sessions in 1 BC and 10000 AD with their microseconds in every format, in any zone', async () => {
    const rows = await collect(sessionRows(database(), sessionParamsSchema.parse({ tz: 'UTC' })));
    const columns = ['user_id', 'session_start', 'session_end'];
    expect(JSON.parse(await text(jsonChunks(rows, columns, 'UTC')))).toEqual([
      {
        user_id: 'u1',
        session_start: '0000-12-31T16:00:00Z',
        session_end: '0000-12-31T16:04:59.999999Z',
      },
      {
        user_id: 'u2',
        session_start: '+010000-01-01T04:59:59.000001Z',
        session_end: '+010000-01-01T04:59:59.000001Z',
      },
    ]);
    expect(await text(csvChunks(rows, [...columns, 'driven_rewards'], 'UTC'))).toBe(
      'user_id,session_start,session_end,driven_rewards\r\n' +
        'u1,0000-12-31T16:00:00Z,0000-12-31T16:04:59.999999Z,[10]\r\n' +
        'u2,+010000-01-01T04:59:59.000001Z,+010000-01-01T04:59:59.000001Z,[]\r\n',
    );
    // Singapore kept local mean time, +06:55:25 by the tz database, before 1901, and is +08:00 in
    // 10000 AD: 16:00:00Z is 22:55:25 there, 16:04:59.999999Z is 23:00:24.999999, 04:59:59.000001Z noon on.
    expect(await text(csvChunks(rows, columns, 'Asia/Singapore'))).toBe(
      'user_id,session_start,session_end\r\n' +
        'u1,0000-12-31T22:55:25+06:55:25,0000-12-31T23:00:24.999999+06:55:25\r\n' +
        'u2,+010000-01-01T12:59:59.000001+08:00,+010000-01-01T12:59:59.000001+08:00\r\n',
    );
    // New York is -05:00 on 10000-01-01: 04:59:59.000001Z is still 9999-12-31 there.
    expect(await text(tableChunks(rows, sessionColumns, { timeZone: 'America/New_York' }))).toContain(
      '9999-12-31T23:59:59.000001-05:00',
    );
  });

  it('writes local dates in 1 BC and 10000 AD as ISO 8601 years, live and stored', async () => {
    const engagement = engagementParamsSchema.parse({ tz: 'UTC' });
    const peaks = [
      { campaign_id: 1, campaign_name: 'Ancient', no_of_transactions: 1, date: '0000-12-31', time: '16:00' },
      { campaign_id: 1, campaign_name: 'Ancient', no_of_transactions: 1, date: '2019-08-27', time: '00:00' },
      {
        campaign_id: 1,
        campaign_name: 'Ancient',
        no_of_transactions: 1,
        date: '+010000-01-01',
        time: '04:00',
      },
    ];
    expect(await collect(engagementPeaks(database(), engagement))).toEqual(peaks);
    const weekly = weeklyParamsSchema.parse({ tz: 'UTC' });
    const weeks = [
      { reward_campaign_id: 10, reward_name: 'First', week: '0000-12-25' },
      { reward_campaign_id: 11, reward_name: 'Last', week: '9999-12-27' },
      { reward_campaign_id: 12, reward_name: 'Now', week: '2019-08-26' },
    ].map((row) => ({ ...row, reward_redeemed_count: 1, percentage_difference: null }));
    expect(await collect(weeklyRedemptions(database(), weekly))).toEqual(weeks);

    await computeAllReports(database(), { tz: 'UTC' });
    const engagementRun = await storedRunFor(database(), 'engagement', engagement);
    const weeklyRun = await storedRunFor(database(), 'weekly', weekly);
    expect(engagementRun).toBeDefined();
    expect(weeklyRun).toBeDefined();
    expect(await collect(engagementPeaks(database(), engagement, engagementRun))).toEqual(peaks);
    expect(await collect(weeklyRedemptions(database(), weekly, weeklyRun))).toEqual(weeks);
  });

  it('links each session at 1 BC and 10000 AD to its timeline, page and API, microseconds kept', async () => {
    const app = createApp({ database: database(), config: loadConfig({}, {}) });
    const page = await (await app.request('/sessions?tz=UTC')).text();
    const links = [...page.matchAll(/href="(\/sessions\/[^"?]+)/g)].map((match) => match[1]);
    expect(links).toEqual([
      `/sessions/u1/${encodeURIComponent('0000-12-31T16:00:00.000Z')}`,
      `/sessions/u2/${encodeURIComponent('+010000-01-01T04:59:59.000001Z')}`,
    ]);
    for (const link of links) expect((await app.request(`${link}?tz=UTC`)).status).toBe(200);
    const timeline = async (path: string) =>
      ((await (await app.request(path)).json()) as { rows: { requested_at: string; kind: string }[] }).rows;
    expect(await timeline(`/api/${links[0]!.slice(1)}?tz=UTC`)).toEqual([
      expect.objectContaining({ requested_at: '0000-12-31T16:00:00Z', kind: 'view' }),
      expect.objectContaining({ requested_at: '0000-12-31T16:04:59.999999Z', kind: 'issue' }),
    ]);
    // Without tz, on the configured zone's clock (Asia/Singapore, local mean time +06:55:25 then).
    expect(await timeline(`/api/${links[0]!.slice(1)}`)).toEqual([
      expect.objectContaining({ requested_at: '0000-12-31T22:55:25+06:55:25', kind: 'view' }),
      expect.objectContaining({ requested_at: '0000-12-31T23:00:24.999999+06:55:25', kind: 'issue' }),
    ]);
    // The same instant written with an offset, and 2 BC (ISO -000001), which holds no session.
    expect(
      await timeline(`/api/sessions/u1/${encodeURIComponent('0001-01-01T00:00:00+08:00')}`),
    ).toHaveLength(2);
    expect(
      (await app.request(`/api/sessions/u1/${encodeURIComponent('-000001-12-31T16:00:00Z')}`)).status,
    ).toBe(404);
    expect(await timeline(`/api/${links[1]!.slice(1)}?tz=UTC`)).toEqual([
      expect.objectContaining({ requested_at: '+010000-01-01T04:59:59.000001Z', kind: 'view' }),
    ]);
    // A date that does not exist is a bad request, not a rolled-over day.
    const invalid = await app.request('/api/sessions/u1/2019-02-30T00:00:00Z');
    expect(invalid.status).toBe(400);
  });

  it('exports 1 BC and 10000 AD to Avro exactly, sessions too, and loads the log back unchanged', async () => {
    const epochMicros = () =>
      database().query<{ micros: string; user_id: string; source_line: number }>(
        `SELECT (extract(epoch FROM "timestamp") * 1000000)::numeric(24, 0)::text AS micros, user_id, source_line
         FROM http_log ORDER BY source_file_id, source_line`,
      );
    // Worked out by hand: 0001-01-01T00:00:00+08:00 is -62135596800 s - 8 h = -62135625600 s; the
    // 10000 AD request is 253402300800 s + 4:59:59.000001.
    const before = [
      { micros: '-62135625600000000', user_id: 'u1', source_line: 1 },
      { micros: '-62135625300000001', user_id: 'u1', source_line: 2 },
      { micros: '253402318799000001', user_id: 'u2', source_line: 3 },
    ];
    expect(await epochMicros()).toEqual(before);

    const sessionsFile = join(await mkdtemp(join(folder, 'sessions-')), 'sessions.avro');
    await exportSessionsAvro(database(), sessionParamsSchema.parse({ tz: 'UTC' }), sessionsFile);
    const sessions = [];
    for await (const { value } of readAvroFile<Record<string, unknown>>(sessionsFile, sessionContract)) {
      sessions.push(value);
    }
    expect(sessions).toEqual([
      {
        user_id: 'u1',
        session_start: -62_135_625_600_000_000n,
        session_end: -62_135_625_300_000_001n,
        campaigns: [1],
        rewards_issued: [10],
        reward_driven_by_campaign_view: true,
        driven_rewards: [10],
      },
      {
        user_id: 'u2',
        session_start: 253_402_318_799_000_001n,
        session_end: 253_402_318_799_000_001n,
        campaigns: [1],
        rewards_issued: [],
        reward_driven_by_campaign_view: false,
        driven_rewards: [],
      },
    ]);

    const avroSource = await mkdtemp(join(folder, 'as-avro-'));
    for (const name of Object.keys(files).filter((name) => name.endsWith('.csv'))) {
      await copyFile(join(folder, name), join(avroSource, name));
    }
    await exportHttpLogAvro(database(), join(avroSource, 'http_log.avro'));
    const reloaded = await ingest(database(), { source: avroSource, strict: true });
    expect(reloaded.files.at(-1)).toMatchObject({ file: 'http_log.avro', loaded: 3, rejected: 0 });
    expect(await epochMicros()).toEqual(before);
  });

  it('refuses to export a time after a long of microseconds ends, naming the request, and leaves no file', async () => {
    // A timestamptz goes on to 294276 AD; timestamp-micros stops at +294247-01-10T04:00:54.775807Z.
    await database().query(
      `UPDATE http_log SET "timestamp" = '294250-01-01 00:00:00+00' WHERE user_id = 'u2'`,
    );
    const target = join(folder, 'beyond.avro');
    const message =
      'http_log holds a request of user u2 at +294250-01-01T00:00:00.000000Z, after +294247-01-10T04:00:54.775807Z, the last instant timestamp-micros (a long of microseconds since 1970) holds';
    await expect(exportHttpLogAvro(database(), target)).rejects.toThrow(`cannot write ${target}: ${message}`);
    await expect(
      exportSessionsAvro(database(), sessionParamsSchema.parse({ tz: 'UTC' }), target),
    ).rejects.toThrow(message);
    await expect(stat(target)).rejects.toThrow('ENOENT');
  });
});
