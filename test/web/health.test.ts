import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { createApp } from '../../src/web/app.js';
import { createTestStore, testEngines } from '../support/engines.js';
import { hostileApp } from './support/web-fixture.js';

for (const engine of testEngines) {
  it(`answers /healthz 503 "unavailable" without the database's error text when it is gone [${engine}]`, async () => {
    const store = await createTestStore(engine);
    try {
      const database = await store.open();
      const app = createApp({ database, config: loadConfig({}, {}) });
      expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok', engine, database: 'ok' });
      await database.close();
      const response = await app.request('/healthz');
      expect(response.status).toBe(503);
      expect(await response.text()).toBe(JSON.stringify({ status: 'unavailable' }));
    } finally {
      await store.remove();
    }
  });
}

for (const engine of testEngines) {
  it(`answers /healthz at once while a live computation is held up, before it stores its run [${engine}]`, async () => {
    const store = await createTestStore(engine);
    const database = await store.open();
    try {
      const app = await hostileApp(database);
      const liveRuns = (reader: Pick<Database, 'query'>) =>
        reader.query<{ runs: number }>(
          `SELECT count(*)::int AS runs FROM report_run WHERE kind = 'live' AND complete`,
        );

      // A writer holds the table the computation writes its sessions to: on a server its inserts wait
      // for the lock; on the embedded engine every other session waits for the open transaction.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const events: string[] = [];
      const holder = database.transaction(async (tx) => {
        await tx.query('LOCK TABLE report_session IN EXCLUSIVE MODE');
        locked();
        await released;
        events.push(`lock released, ${(await liveRuns(tx))[0]?.runs} live runs stored`);
      });
      await isLocked;

      const first = app.request('/api/sessions?gap=600');
      for (let index = 0; index < 5; index++) {
        const health = await app.request('/healthz');
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', engine });
        events.push('healthz answered');
      }
      release();
      await holder;
      // Held up, the request answers "computing" (202); once the lock is gone the run is stored.
      expect([200, 202]).toContain((await first).status);
      for (;;) {
        const response = await app.request('/api/sessions?gap=600');
        if (response.status === 200) {
          expect(((await response.json()) as { source: { kind: string } }).source.kind).toBe('live');
          break;
        }
        expect(response.status).toBe(202);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      events.push(`${(await liveRuns(database))[0]?.runs} live run stored`);
      expect(events).toEqual([
        ...Array<string>(5).fill('healthz answered'),
        'lock released, 0 live runs stored',
        '1 live run stored',
      ]);
    } finally {
      await database.close();
      await store.remove();
    }
  });
}
