import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { describeTzDatabase, tzDatabaseLine } from '../../src/db/tz-database.js';
import { createApp } from '../../src/web/app.js';
import { createTestStore, describeEachEngine, testEngines, type TestStore } from '../support/engines.js';

describeEachEngine('the time zone rules of the engine', ({ engine, database }) => {
  it('names where they come from and checks the zone against Node.js', async () => {
    const utc = await describeTzDatabase(database(), 'UTC');
    expect(utc.source).toMatch(
      engine === 'pglite' ? /^built into PGlite \(PostgreSQL \d+/ : /PostgreSQL \d+/,
    );
    expect(utc.reference).toBe(`tz ${process.versions.tz} (Node.js ICU ${process.versions.icu})`);
    expect(utc.checked).toEqual({ from: '1970-01-01T00:00:00.000Z', to: '2040-01-01T00:00:00.000Z' });
    // UTC has no rules to disagree on.
    expect(utc.firstDifference).toBeUndefined();
    expect(tzDatabaseLine(utc)).toBe(`${utc.source}; UTC agrees with ${utc.reference} over 1970-2039`);
  });

  it('shows them in /api/status for the reporting zone', async () => {
    const app = createApp({ database: database(), config: loadConfig({}, { PERX_TZ: 'UTC' }) });
    const body = (await (await app.request('/api/status')).json()) as { tz_database: unknown };
    // The check itself, in the API's snake_case; UTC has no rules to disagree on.
    const { firstDifference, ...check } = await describeTzDatabase(database(), 'UTC');
    expect(firstDifference).toBeUndefined();
    expect(body.tz_database).toEqual({ ...check, first_difference: null });
  });
});

/**
 * The engines' rules compared zone by zone, over every zone both list in pg_timezone_names, 1970 to
 * 2025, week by week: where they differ, perx must say so on at least one of them (each is checked
 * against the same reference, Node's tz release), so no difference goes unreported.
 */
describe.runIf(testEngines.length === 2)('the two engines', () => {
  const stores: TestStore[] = [];
  const databases: Database[] = [];
  beforeAll(async () => {
    for (const engine of testEngines) {
      const store = await createTestStore(engine);
      stores.push(store);
      databases.push(await store.open());
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.close()));
    await Promise.all(stores.map((store) => store.remove()));
  });

  const fingerprintsSql = `
    SELECT zone.name, md5(string_agg(((at AT TIME ZONE zone.name) - (at AT TIME ZONE 'UTC'))::text, ','
      ORDER BY at)) AS rules
    FROM pg_timezone_names AS zone
    CROSS JOIN generate_series(timestamptz '1970-01-01 00:00+00', timestamptz '2026-01-01 00:00+00',
      interval '7 days') AS at
    WHERE zone.name !~ '^(posix|right)/' AND zone.name <> 'localtime'
    GROUP BY zone.name`;

  it('report every zone whose rules differ between them from 1970 to 2025', async () => {
    const [first, second] = await Promise.all(
      databases.map(async (database) => {
        const rows = await database.query<{ name: string; rules: string }>(fingerprintsSql);
        return new Map(rows.map((row) => [row.name, row.rules]));
      }),
    );
    const shared = [...first!.keys()].filter((zone) => second!.has(zone));
    expect(shared.length).toBeGreaterThan(400);
    const differing = shared.filter((zone) => first!.get(zone) !== second!.get(zone));
    for (const zone of differing) {
      const checks = await Promise.all(databases.map((database) => describeTzDatabase(database, zone)));
      expect(
        checks.some((check) => check.firstDifference !== undefined),
        `${zone} differs between the engines, and neither says so`,
      ).toBe(true);
    }
  }, 120_000);
});
