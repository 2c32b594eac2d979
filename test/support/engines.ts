import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database, Engine } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';

/**
 * Every database test runs on both engines. PostgreSQL tests get a database of their own, created from
 * the maintenance database and dropped afterwards, so test files can run in parallel.
 */
export const adminUrl = process.env.PERX_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const inCi = process.env.CI === 'true';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresAvailable = await postgresReachable();
if (!postgresAvailable && inCi) {
  throw new Error(
    `PostgreSQL is not reachable at ${adminUrl}; CI requires it (start it, or set PERX_TEST_ADMIN_URL)`,
  );
}
if (!postgresAvailable) {
  console.warn(`PostgreSQL is not reachable at ${adminUrl}: its tests are skipped outside CI`);
}

export const testEngines: Engine[] = postgresAvailable ? ['pglite', 'postgres'] : ['pglite'];

let databaseSequence = 0;

/** A fresh, empty store on one engine: where it lives, and how to remove it. */
export interface TestStore {
  engine: Engine;
  /** Settings that point perx (in-process or a child process) at this store. */
  settings: { databaseUrl?: string; dataDir: string };
  /** Environment variables for a child `perx` process. */
  env: Record<string, string>;
  open(): Promise<Database>;
  remove(): Promise<void>;
}

export async function createTestStore(engine: Engine): Promise<TestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'perx-test-'));
  if (engine === 'pglite') {
    const settings = { dataDir: join(dataDir, 'db') };
    return {
      engine,
      settings,
      env: { PERX_DATA_DIR: settings.dataDir, DATABASE_URL: '' },
      open: () => openDatabase(settings),
      remove: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `perx_test_${process.pid}_${databaseSequence++}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const settings = { databaseUrl, dataDir: join(dataDir, 'db') };
  return {
    engine,
    settings,
    env: { DATABASE_URL: databaseUrl, PERX_DATA_DIR: settings.dataDir },
    open: () => openDatabase(settings),
    async remove() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Declares the same suite once per engine. The suite gets a migrated database shared by its tests;
 * PGlite runs in a temporary folder like the real thing.
 */
export function describeEachEngine(
  title: string,
  suite: (context: { engine: Engine; database: () => Database; store: () => TestStore }) => void,
): void {
  for (const engine of testEngines) {
    describe(`${title} [${engine}]`, () => {
      let store: TestStore | undefined;
      let database: Database | undefined;
      beforeAll(async () => {
        store = await createTestStore(engine);
        database = await store.open();
      });
      afterAll(async () => {
        await database?.close();
        await store?.remove();
      });
      suite({
        engine,
        database: () => {
          if (!database) throw new Error('the database opens in beforeAll');
          return database;
        },
        store: () => {
          if (!store) throw new Error('the store is created in beforeAll');
          return store;
        },
      });
    });
  }
}

/** Empties the data tables between tests that share one database. */
export async function truncateData(database: Database): Promise<void> {
  await database.execute(
    'TRUNCATE report_engagement, report_weekly, report_session, report_campaign, report_campaign_part, report_run, http_log, ingest_reject, ingest_file, ingest_run, campaign_reward_mapping, reward_transaction, reward_campaign, campaign RESTART IDENTITY CASCADE',
  );
}
