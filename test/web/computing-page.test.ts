import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ingest } from '../../src/ingest/load.js';
import { computeAllReports } from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { describeEachEngine } from '../support/engines.js';
import { PausedComputations } from './support/paused-computations.js';
import { hostileFixture } from './support/web-fixture.js';

describeEachEngine('pages of a computation under way', ({ database }) => {
  let app: Hono;
  let live: PausedComputations;
  beforeAll(async () => {
    await ingest(database(), { source: hostileFixture });
    await computeAllReports(database());
    const config = loadConfig({}, {});
    live = new PausedComputations(database(), { timeLimitMs: 60_000, keepRuns: 4 });
    app = createApp({ database: database(), config, live });
  });

  it('says how far along it is and refreshes itself, on the page and in the API', async () => {
    const computation = live.sessions(600);
    computation.progress = { done: 3, total: 8 };
    for (const path of ['/sessions?gap=600', '/campaigns?gap=600']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const body = (await response.text()).replace(/\s+/g, ' ');
      expect(body).toContain('<meta http-equiv="refresh" content="2" />');
      expect(body).toContain(
        '<strong>Computing the sessions for a 600 s gap:</strong> 3 of 8 user ranges done (37%).',
      );
      expect(body).toContain('<progress max="100" value="37">37%</progress>');
    }
    const api = await app.request('/api/sessions?gap=600');
    expect(api.status).toBe(202);
    expect(api.headers.get('retry-after')).toBe('2');
    expect(await api.json()).toMatchObject({
      status: 'computing',
      gap: 600,
      progress: { done: 3, total: 8 },
    });
  });

  it('shows a failure once, without refreshing, and the stored gap still answers', async () => {
    const computation = live.sessions(900);
    computation.failure = 'the computation of the sessions for a 900 s gap ran past its 600 s limit';
    const body = (await (await app.request('/sessions?gap=900')).text()).replace(/\s+/g, ' ');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('ran past its 600 s limit');
    const stored = (await (await app.request('/sessions')).text()).replace(/\s+/g, ' ');
    expect(stored).not.toContain('Computing the sessions');
    const api = await app.request('/api/sessions?gap=900');
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: computation.failure });
  });
});
