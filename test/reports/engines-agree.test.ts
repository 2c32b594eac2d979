import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSource } from '../../src/config/config.js';
import type { Database, Engine } from '../../src/db/database.js';
import { ingest } from '../../src/ingest/load.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { engagementFixture } from './engagement-fixture.js';
import { everyReport } from './every-report.js';
import { loadFixture } from './fixture.js';
import { sessionsFixture } from './sessions-fixture.js';
import { weeklyFixture } from './weekly-fixture.js';

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
