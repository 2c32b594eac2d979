import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/web/app.js';
import { createTestStore, testEngines } from '../support/engines.js';

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
