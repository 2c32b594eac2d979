import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAvroFile } from '../../src/avro/container-reader.js';
import { exportSessionsAvro } from '../../src/avro/session-export.js';
import { sessionContract } from '../../src/avro/schemas.js';
import { ingest } from '../../src/ingest/load.js';
import { sessionParamsSchema, sessionRows } from '../../src/reports/index.js';
import type { SessionParamsInput } from '../../src/reports/params.js';
import { describeEachEngine } from '../support/engines.js';
import { pythonAvroAvailable, readWithPython } from './python-avro.js';
import { sourceFolder } from './source-folder.js';

/**
 * Campaign 11 maps to reward 7993 and 12 to 500 (see source-folder.ts). User 1: a view, an issue 100 s
 * later (driven), and one exactly 300 s after that (a new session, not driven). User 2: an issue and a
 * view of its campaign in the same second, the view on the later line (driven: by time alone), then a
 * view and an issue 299.999999 s later (the same session). User 3: one request on another path.
 */
const textLog = [
  '2019-08-26T10:00:00.000001Z GET /campaigns/11 1',
  '2019-08-26T12:00:00Z POST /rewards/500 2',
  '2019-08-26T12:00:00Z GET /campaigns/12 2',
  '2019-08-26T10:01:40.000001Z POST /rewards/7993 1',
  '2019-08-26T10:06:40.000001Z POST /rewards/7993 1',
  '2019-08-26T12:04:59.999999Z GET /campaigns/11 2',
  '2019-08-26T12:04:59.999999Z POST /rewards/500 2',
  '2019-08-26T13:00:00Z GET /home 3',
].join('\n');

/** The sessions, worked out by hand, as Python reads them: microseconds kept. */
const expectedSessions = [
  {
    user_id: '1',
    session_start: '2019-08-26T10:00:00.000001Z',
    session_end: '2019-08-26T10:01:40.000001Z',
    campaigns: [11],
    rewards_issued: [7993],
    reward_driven_by_campaign_view: true,
    driven_rewards: [7993],
  },
  {
    user_id: '1',
    session_start: '2019-08-26T10:06:40.000001Z',
    session_end: '2019-08-26T10:06:40.000001Z',
    campaigns: [],
    rewards_issued: [7993],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: '2',
    session_start: '2019-08-26T12:00:00.000000Z',
    session_end: '2019-08-26T12:04:59.999999Z',
    campaigns: [12, 11],
    rewards_issued: [500, 500],
    reward_driven_by_campaign_view: true,
    driven_rewards: [500, 500],
  },
  {
    user_id: '3',
    session_start: '2019-08-26T13:00:00.000000Z',
    session_end: '2019-08-26T13:00:00.000000Z',
    campaigns: [],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
];

/** Epoch microseconds of an ISO text with six fractional digits, computed without a Date's rounding. */
function micros(iso: string): number {
  const [whole, fraction] = iso.slice(0, -1).split('.') as [string, string];
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction);
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-avro-sessions-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describeEachEngine('the session report in Avro', ({ database, engine }) => {
  const here = (name: string) => join(folder, engine, name);
  const params = (input: SessionParamsInput = {}) => sessionParamsSchema.parse(input);

  beforeAll(async () => {
    await ingest(database(), {
      source: await sourceFolder(here('source'), { file: 'http_log.txt', content: textLog }),
    });
  });

  it('holds every session with exact microsecond times, arrays and flags', async () => {
    const written = await exportSessionsAvro(database(), params(), here('sessions.avro'));
    expect(written.records).toBe(4);
    const records: object[] = [];
    for await (const { value } of readAvroFile<object>(here('sessions.avro'), sessionContract)) {
      records.push({ ...value });
    }
    expect(records).toEqual(
      expectedSessions.map((session) => ({
        ...session,
        session_start: micros(session.session_start),
        session_end: micros(session.session_end),
      })),
    );
  });

  it.runIf(pythonAvroAvailable)('is read by Apache Avro for Python with the same count and values', () => {
    const reading = readWithPython(here('sessions.avro'));
    expect(reading.count).toBe(4);
    expect(reading.schema.name).toBe('perx.analytics.Session');
    expect(reading.records).toEqual(expectedSessions);
  });

  it('holds the same sessions as the report, which carries times to the millisecond', async () => {
    const reported = [];
    for await (const row of sessionRows(database(), params())) reported.push(row);
    const exported: { session_start: number; session_end: number }[] = [];
    for await (const { value } of readAvroFile<{ session_start: number; session_end: number }>(
      here('sessions.avro'),
      sessionContract,
    )) {
      exported.push(value);
    }
    const toMillis = (session: { session_start: number; session_end: number }) => ({
      ...session,
      session_start: Math.floor(session.session_start / 1000),
      session_end: Math.floor(session.session_end / 1000),
    });
    expect(exported.map(toMillis)).toEqual(
      reported.map((row) => ({
        ...row,
        session_start: row.session_start.getTime(),
        session_end: row.session_end.getTime(),
      })),
    );
  });

  it('applies the report filters: driven only, one user, a local range', async () => {
    const exportAndRead = async (input: SessionParamsInput, name: string) => {
      await exportSessionsAvro(database(), params(input), here(name));
      const records: { user_id: string; session_start: number }[] = [];
      for await (const { value } of readAvroFile<{ user_id: string; session_start: number }>(
        here(name),
        sessionContract,
      )) {
        records.push(value);
      }
      return records.map((session) => [session.user_id, session.session_start]);
    };
    const start = (index: number) => [
      expectedSessions[index]!.user_id,
      micros(expectedSessions[index]!.session_start),
    ];
    expect(await exportAndRead({ driven: true }, 'driven.avro')).toEqual([start(0), start(2)]);
    expect(await exportAndRead({ user: '1' }, 'user.avro')).toEqual([start(0), start(1)]);
    // 20:00 in Singapore is 12:00 UTC: sessions starting from then through the end of that local day.
    expect(
      await exportAndRead({ tz: 'Asia/Singapore', from: '2019-08-26T20:00', to: '2019-08-26' }, 'range.avro'),
    ).toEqual([start(2), start(3)]);
    expect(await exportAndRead({ user: 'nobody' }, 'none.avro')).toEqual([]);
  });
});
