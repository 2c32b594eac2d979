import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSource } from '../../src/config/config.js';
import type { Database, Engine } from '../../src/db/database.js';
import { ingest } from '../../src/ingest/load.js';
import { formatRows, type RowSource } from '../../src/output/index.js';
import {
  campaignColumns,
  campaignParamsSchema,
  campaignPerformance,
  engagementColumns,
  engagementMatrix,
  engagementMatrixColumns,
  engagementParamsSchema,
  engagementPeaks,
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  weeklyColumns,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { engagementFixture } from './engagement-fixture.js';
import { loadFixture } from './fixture.js';
import { sessionsFixture } from './sessions-fixture.js';
import { weeklyFixture } from './weekly-fixture.js';

async function text(rows: RowSource, columns: readonly string[]): Promise<string> {
  let rendered = '';
  for await (const chunk of formatRows(rows, 'json', columns)) rendered += chunk;
  return rendered;
}

/** Every report, with a spread of parameters, as JSON text: what must not differ between engines. */
async function everyReport(database: Database): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const ranges = [
    {},
    { from: '2019-08-13', to: '2019-08-20' },
    { from: '2019-08-26T18:00', to: '2019-08-27' },
  ];
  for (const tz of ['Asia/Singapore', 'UTC', 'America/New_York']) {
    for (const range of ranges) {
      const engagement = engagementParamsSchema.parse({ tz, ...range });
      const key = `${tz} ${JSON.stringify(range)}`;
      outputs[`engagement ${key}`] = await text(engagementPeaks(database, engagement), engagementColumns);
      outputs[`matrix ${key}`] = await text(
        await engagementMatrix(database, engagement),
        engagementMatrixColumns,
      );
    }
    for (const weekStart of ['monday', 'sunday']) {
      const weekly = weeklyParamsSchema.parse({ tz, weekStart });
      outputs[`weekly ${tz} ${weekStart}`] = await text(weeklyRedemptions(database, weekly), weeklyColumns);
    }
  }
  // Sessions depend on the zone only through the range.
  for (const input of [{}, { tz: 'UTC', ...ranges[2] }, { tz: 'America/New_York', ...ranges[2], gap: 120 }]) {
    const key = JSON.stringify(input);
    outputs[`sessions ${key}`] = await text(
      sessionRows(database, sessionParamsSchema.parse(input)),
      sessionColumns,
    );
    outputs[`campaigns ${key}`] = await text(
      campaignPerformance(database, campaignParamsSchema.parse(input)),
      campaignColumns,
    );
  }
  for (const sort of [
    '-duration',
    'campaigns',
    '-user_id',
    '-reward_driven_by_campaign_view',
    'driven_rewards',
  ]) {
    const sessions = sessionParamsSchema.parse({
      sort,
      driven: sort !== 'driven_rewards',
      limit: 50,
      offset: 3,
    });
    outputs[`sessions ${sort}`] = await text(sessionRows(database, sessions), sessionColumns);
  }
  return outputs;
}

describe('both engines give identical output for every report', () => {
  const stores = new Map<Engine, TestStore>();
  const databases = new Map<Engine, Database>();

  beforeAll(async () => {
    for (const engine of testEngines) {
      const store = await createTestStore(engine);
      stores.set(engine, store);
      databases.set(engine, await store.open());
    }
  });

  afterAll(async () => {
    for (const database of databases.values()) await database.close();
    for (const store of stores.values()) await store.remove();
  });

  async function outputsPerEngine(load: (database: Database) => Promise<unknown>) {
    const outputs: Record<string, string>[] = [];
    for (const database of databases.values()) {
      await load(database);
      outputs.push(await everyReport(database));
    }
    return outputs;
  }

  it('on the hand-made data sets', async () => {
    for (const fixture of [{ ...engagementFixture, ...sessionsFixture }, weeklyFixture]) {
      const [first, ...others] = await outputsPerEngine((database) => loadFixture(database, fixture));
      expect(Object.values(first ?? {}).some((output) => output !== '[]\n')).toBe(true);
      for (const other of others) expect(other).toEqual(first);
    }
  });

  it('on the real data set', async () => {
    const [first, ...others] = await outputsPerEngine((database) =>
      // In place of the hand-made data sets loaded before: allowed to be smaller.
      ingest(database, { source: bundledSource, limits: { allowShrink: true } }),
    );
    expect(first?.['sessions {}']?.length).toBeGreaterThan(100_000);
    for (const other of others) expect(other).toEqual(first);
  });
});
