import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportHttpLogAvro } from '../../src/avro/http-log-export.js';
import { exportSessionsAvro } from '../../src/avro/session-export.js';
import { ingest } from '../../src/ingest/load.js';
import { sessionParamsSchema } from '../../src/reports/params.js';
import { describeEachEngine } from '../support/engines.js';
import { pythonAvroAvailable, readWithPython } from './python-avro.js';
import { storedRequests, type StoredRequest } from './source-folder.js';

const realData = fileURLToPath(new URL('../../data/perx/', import.meta.url));
const tables = [
  'campaign.csv',
  'reward_campaign.csv',
  'reward_transaction.csv',
  'campaign_reward_mapping.csv',
];

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-avro-real-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describeEachEngine('Avro on the real data set', ({ database, engine }) => {
  const here = (name: string) => join(folder, engine, name);
  let loaded: StoredRequest[];

  beforeAll(async () => {
    await mkdir(join(folder, engine));
    await ingest(database(), { source: realData });
    loaded = await storedRequests(database());
  });

  it('exports all 16,000 requests and 7,377 sessions', async () => {
    expect(loaded.length).toBe(16_000);
    expect((await exportHttpLogAvro(database(), here('http_log.avro'))).records).toBe(16_000);
    const sessions = await exportSessionsAvro(
      database(),
      sessionParamsSchema.parse({}),
      here('sessions.avro'),
    );
    expect(sessions.records).toBe(7377);
  });

  it.runIf(pythonAvroAvailable)('is read by Apache Avro for Python: every request, and the sessions', () => {
    const log = readWithPython(here('http_log.avro'));
    expect(log.count).toBe(16_000);
    expect(log.records).toEqual(loaded.map(({ source_line: _line, ...request }) => request));

    const sessions = readWithPython(here('sessions.avro'));
    expect(sessions.count).toBe(7377);
    // The row the original README prints for this user.
    expect(sessions.records.filter((session) => session.user_id === '1014506')).toEqual([
      {
        user_id: '1014506',
        session_start: '2019-08-26T17:25:19.000000Z',
        session_end: '2019-08-26T17:26:54.000000Z',
        campaigns: [11, 11, 11],
        rewards_issued: [7993],
        reward_driven_by_campaign_view: false,
        driven_rewards: [],
      },
    ]);
  });

  it('loads the exported log in place of http_log.txt into the identical http_log', async () => {
    const source = here('avro-source');
    await mkdir(source);
    for (const table of tables) await copyFile(join(realData, table), join(source, table));
    await copyFile(here('http_log.avro'), join(source, 'http_log.avro'));
    const summary = await ingest(database(), { source });
    expect(
      summary.files.map(({ file, lines, loaded, rejected }) => ({ file, lines, loaded, rejected })).at(-1),
    ).toEqual({
      file: 'http_log.avro',
      lines: 16_000,
      loaded: 16_000,
      rejected: 0,
    });
    expect(await storedRequests(database())).toEqual(loaded);
  });
});
