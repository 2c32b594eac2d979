import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { startPerx } from '../support/perx-cli.js';

/** The real data set has 7,377 sessions at the default 300 s gap; the overview shows that figure. */
const realSessionCount = '7,377';

async function ingestRunCount(store: TestStore): Promise<number> {
  const database = await store.open();
  try {
    const [row] = await database.query<{ runs: number }>('SELECT count(*)::int AS runs FROM ingest_run');
    return row?.runs ?? 0;
  } finally {
    await database.close();
  }
}

for (const engine of testEngines) {
  describe(`npm start (perx run) [${engine}]`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(engine);
    });
    afterAll(async () => {
      await store.remove();
    });

    it('ingests, computes and serves on first start; a restart reuses the data and ingests nothing', async () => {
      const first = await startPerx(['run', '--port', '0'], { entry: 'bin', env: store.env });
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      const overview = await (await fetch(`${first.url}/`)).text();
      expect(overview).toContain(realSessionCount);
      expect(first.output()).toMatch(/ingested .* http_log\.txt 16000\/16000/);
      const firstStop = await first.stop('SIGINT');
      expect(firstStop.code).toBe(0);
      expect(firstStop.output).toContain('SIGINT received, closing the server and the database');

      const second = await startPerx(['run', '--port', '0'], { entry: 'bin', env: store.env });
      expect(second.output()).toContain('data already loaded');
      expect(second.output()).toContain('stored reports are current');
      const overviewAgain = await (await fetch(`${second.url}/`)).text();
      expect(overviewAgain).toContain(realSessionCount);
      expect((await second.stop('SIGTERM')).code).toBe(0);

      // The folder (or database) closed cleanly: it reopens, and the data was ingested exactly once.
      expect(await ingestRunCount(store)).toBe(1);
    });
  });
}
