import { isoInZone } from '../../src/output/index.js';
import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ingest } from '../../src/ingest/load.js';
import { computeAllReports, latestReportRuns } from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { describeEachEngine } from '../support/engines.js';
import { hostileFixture } from './support/web-fixture.js';

/** The pages' text with the template's line breaks and indentation folded away. */
async function text(app: Hono, path: string): Promise<string> {
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  return (await response.text()).replace(/\s+/g, ' ');
}

describeEachEngine(
  'freshness: from an empty database to stored reports to a newer ingest',
  ({ database }) => {
    let app: Hono;
    beforeAll(() => {
      app = createApp({ database: database(), config: loadConfig({}, {}) });
    });

    it('renders every page of an empty database with its empty state', async () => {
      for (const path of ['/', '/engagement', '/weekly', '/sessions', '/campaigns']) {
        expect(await text(app, path)).toContain(
          'No data loaded yet (run perx ingest) · reports computed on demand (perx report all stores them).',
        );
      }
      expect(await text(app, '/')).toContain('Nothing has been ingested yet');
      // No filter is set: the message says the data holds none, and how to load some.
      const load = 'in the loaded data. Load a data set with <code>npx perx ingest</code>.';
      expect(await text(app, '/engagement')).toContain(`No transactions ${load}`);
      expect(await text(app, '/weekly')).toContain(`No redemptions ${load}`);
      expect(await text(app, '/sessions')).toContain(`No sessions ${load}`);
      expect(await text(app, '/campaigns')).toContain(`No campaign views ${load}`);
      expect(await text(app, '/sessions?driven=true')).toContain('No sessions match these filters.');
      const status = (await (await app.request('/api/status')).json()) as Record<string, unknown>;
      expect(status).toMatchObject({ last_ingest_run: null, report_runs: {} });
      const sessions = (await (await app.request('/api/sessions')).json()) as Record<string, unknown>;
      // Sessions are computed once per gap into a live run, even of an empty log.
      expect(sessions).toMatchObject({ total: 0, rows: [], source: { stored: true, kind: 'live' } });
    });

    it('serves the stored run once perx report all has run, and says when it was computed', async () => {
      await ingest(database(), { source: hostileFixture, limits: { allowShrink: true } });
      const [run] = await computeAllReports(database());
      const page = await text(app, '/sessions');
      expect(page).toContain(
        `reports current, computed <time datetime="${isoInZone(run!.computed_at, 'Asia/Singapore')}" title=`,
      );
      // Worked out by hand in Asia/Singapore (UTC+8): transactions from 2019-08-12 11:04:10 UTC (19:04
      // local) to 2019-08-26 03:00 UTC; requests 2019-08-26 10:00 to 12:00 UTC, all on 2019-08-26 local.
      expect(page).toContain(
        'covering <span id="data-from">2019-08-12</span> to <span id="data-to">2019-08-26</span> (Asia/Singapore)',
      );
      expect(await text(app, '/')).toContain(
        'The data covers <strong>2019-08-12 to 2019-08-26</strong> (Asia/Singapore): requests 2019-08-26, reward transactions 2019-08-12 to 2019-08-26.',
      );
      const response = await app.request('/api/sessions');
      expect(response.headers.get('x-perx-report-source')).toMatch(/^stored run \d+$/);
    });

    it('computes on demand after a newer ingest, and the overview says the stored reports are older', async () => {
      await ingest(database(), { source: hostileFixture, limits: { allowShrink: true } });
      const olderRuns = await latestReportRuns(database());
      for (const path of ['/api/engagement', '/api/weekly']) {
        const response = await app.request(path);
        expect(response.headers.get('x-perx-report-source'), path).toBe('computed');
        expect(((await response.json()) as { source: { stored: boolean } }).source.stored).toBe(false);
      }
      // Sessions, and campaigns from them, are computed once for the new ingest into a live run.
      for (const path of ['/api/sessions', '/api/campaigns']) {
        const response = await app.request(path);
        const { source } = (await response.json()) as { source: { kind: string; report_run_id: number } };
        expect(source.kind, path).toBe('live');
        expect(response.headers.get('x-perx-report-source'), path).toBe(`stored run ${source.report_run_id}`);
        expect(Object.values(olderRuns).map((run) => run?.id)).not.toContain(source.report_run_id);
      }
      const overview = await text(app, '/');
      expect(overview).toContain('from an older ingest: computed on demand until perx report all runs');
      expect(overview).toContain('<strong class="warning">stored reports are from older data</strong>');
      // The live answer is the stored one's: the same data was loaded again.
      const sessions = (await (await app.request('/api/sessions')).json()) as { total: number };
      expect(sessions.total).toBe(4);
    });
  },
);
