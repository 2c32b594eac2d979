import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { computeAllReports } from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { loadFixture } from '../reports/fixture.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { runPerx } from '../support/perx-cli.js';

/**
 * One session across the end of DST in New York and one with microseconds, each time worked out by hand.
 * New York went from EDT (-04:00) to EST (-05:00) at 2019-11-03T06:00:00Z, when 02:00 became 01:00:
 * - 05:55:00Z is 01:55:00-04:00, 05:58:20Z is 01:58:20-04:00,
 * - 06:01:40Z is 01:01:40-05:00, 06:05:00Z is 01:05:00-05:00: the session ends "before" it starts on
 *   the wall clock, and only the offsets tell the order;
 * - Singapore (+08:00) reads 13:55:00 to 14:05:00 the same day.
 * 2019-08-26T16:30:00.123456Z is 00:30:00.123456 on 08-27 in Singapore, 12:30:00.123456 in New York.
 */
const fixture = {
  mapping: [[1, 100]] as const,
  log: [
    '2019-11-03T05:55:00Z GET /campaigns/1 u-dst',
    '2019-11-03T05:58:20Z GET /home u-dst',
    '2019-11-03T06:01:40Z GET /home u-dst',
    '2019-11-03T06:05:00Z POST /rewards/100 u-dst',
    '2019-08-26T16:30:00.123456Z GET /home u-micro',
  ],
};

const timelinePath = `/sessions/u-dst/${encodeURIComponent('2019-11-03T05:55:00Z')}`;

for (const engine of testEngines) {
  describe(`times on the chosen zone's clock, with its offset, everywhere [${engine}]`, () => {
    let store: TestStore;
    let database: Database;
    const app = () => createApp({ database, config: loadConfig({}, {}) });
    const text = async (path: string) => {
      const response = await app().request(path);
      expect(response.status).toBe(200);
      return response.text();
    };

    beforeAll(async () => {
      store = await createTestStore(engine);
      database = await store.open();
      await loadFixture(database, fixture);
      await computeAllReports(database);
    });
    afterAll(async () => {
      await database.close();
      await store.remove();
    });

    it('shows the sessions page in New York time across the change, the UTC instant on hover', async () => {
      const page = await text('/sessions?tz=America%2FNew_York');
      expect(page).toContain(
        '<time datetime="2019-11-03T01:55:00-04:00" title="2019-11-03 05:55:00 UTC">2019-11-03 01:55:00 -04:00</time>',
      );
      expect(page).toContain(
        '<time datetime="2019-11-03T01:05:00-05:00" title="2019-11-03 06:05:00 UTC">2019-11-03 01:05:00 -05:00</time>',
      );
      expect(page).toContain('>2019-08-26 12:30:00.123456 -04:00</time>');
    });

    it('shows Singapore by default and UTC when asked, on the list and the timeline', async () => {
      const singapore = await text('/sessions');
      expect(singapore).toContain('>2019-11-03 13:55:00 +08:00</time>');
      expect(singapore).toContain('>2019-08-27 00:30:00.123456 +08:00</time>');
      expect(await text('/sessions?tz=UTC')).toContain('>2019-11-03 05:55:00 UTC</time>');
      const timeline = await text(`${timelinePath}?tz=America%2FNew_York`);
      // The session's times, after the page's freshness line (which has times of its own).
      const content = timeline.slice(timeline.indexOf('</p>', timeline.indexOf('id="freshness"')));
      const shown = [...content.matchAll(/<time datetime="[^"]+" title="[^"]+">([^<]+)<\/time>/g)].map(
        (match) => match[1],
      );
      // Start and end, then the four requests.
      expect(shown).toEqual([
        '2019-11-03 01:55:00 -04:00',
        '2019-11-03 01:05:00 -05:00',
        '2019-11-03 01:55:00 -04:00',
        '2019-11-03 01:58:20 -04:00',
        '2019-11-03 01:01:40 -05:00',
        '2019-11-03 01:05:00 -05:00',
      ]);
      // The timeline's downloads keep the page's zone.
      expect(timeline).toContain('?tz=America%2FNew_York&amp;format=csv');
    });

    it('writes the same instants in the CSV and NDJSON downloads and the paged JSON', async () => {
      expect(await text('/api/sessions?format=csv&tz=America%2FNew_York')).toBe(
        'user_id,session_start,session_end,campaigns,rewards_issued,reward_driven_by_campaign_view,driven_rewards\r\n' +
          'u-dst,2019-11-03T01:55:00-04:00,2019-11-03T01:05:00-05:00,[1],[100],true,[100]\r\n' +
          'u-micro,2019-08-26T12:30:00.123456-04:00,2019-08-26T12:30:00.123456-04:00,[],[],false,[]\r\n',
      );
      const steps = (await text(`/api${timelinePath}?format=ndjson&tz=America%2FNew_York`))
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { requested_at: string }).requested_at);
      expect(steps).toEqual([
        '2019-11-03T01:55:00-04:00',
        '2019-11-03T01:58:20-04:00',
        '2019-11-03T01:01:40-05:00',
        '2019-11-03T01:05:00-05:00',
      ]);
      // The paged JSON in the configured zone (Singapore) when none is asked for.
      const json = JSON.parse(await text('/api/sessions')) as { rows: { session_start: string }[] };
      expect(json.rows.map((row) => row.session_start)).toEqual([
        '2019-11-03T13:55:00+08:00',
        '2019-08-27T00:30:00.123456+08:00',
      ]);
      const paged = JSON.parse(await text('/api/sessions?tz=UTC')) as {
        rows: { session_start: string; session_end: string }[];
      };
      expect(paged.rows.map((row) => [row.session_start, row.session_end])).toEqual([
        ['2019-11-03T05:55:00Z', '2019-11-03T06:05:00Z'],
        ['2019-08-26T16:30:00.123456Z', '2019-08-26T16:30:00.123456Z'],
      ]);
    });

    it('prints the same instants from the CLI, in --tz, PERX_TZ or the default zone', async () => {
      await database.close();
      try {
        const columns = (stdout: string) =>
          stdout
            .split('\r\n')
            .slice(1, -1)
            .map((line) => line.split(',').slice(0, 3).join(','));
        const newYork = await runPerx(['report', 'sessions', '--tz', 'America/New_York'], {
          env: store.env,
        });
        expect(newYork.stderr).toBe('');
        expect(columns(newYork.stdout)).toEqual([
          'u-dst,2019-11-03T01:55:00-04:00,2019-11-03T01:05:00-05:00',
          'u-micro,2019-08-26T12:30:00.123456-04:00,2019-08-26T12:30:00.123456-04:00',
        ]);
        const utc = await runPerx(['report', 'sessions'], { env: { ...store.env, PERX_TZ: 'UTC' } });
        expect(columns(utc.stdout)).toEqual([
          'u-dst,2019-11-03T05:55:00Z,2019-11-03T06:05:00Z',
          'u-micro,2019-08-26T16:30:00.123456Z,2019-08-26T16:30:00.123456Z',
        ]);
        const singapore = await runPerx(['report', 'sessions', '--format', 'ndjson'], { env: store.env });
        expect(
          singapore.stdout
            .trimEnd()
            .split('\n')
            .map((line) => (JSON.parse(line) as { session_end: string }).session_end),
        ).toEqual(['2019-11-03T14:05:00+08:00', '2019-08-27T00:30:00.123456+08:00']);
      } finally {
        database = await store.open();
      }
    });
  });
}
