import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { computeAllReports } from '../../src/reports/index.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';

/**
 * On a PostgreSQL server, readers and an ingest run side by side: the ingest loads into next_ tables that
 * no reader touches and publishes them in one short step, so readers are answered while it loads, and the
 * two never deadlock (every page and endpoint polled, as a dashboard left open does).
 */
const readerPaths = [
  '/',
  '/engagement',
  '/weekly',
  '/sessions',
  '/campaigns',
  '/api/status',
  '/api/rejects',
  '/api/engagement',
  '/api/weekly',
  '/api/sessions?limit=5',
  '/api/campaigns',
  '/api/sessions?format=csv&limit=200',
];

describe.runIf(testEngines.includes('postgres'))('an ingest beside readers [postgres]', () => {
  let store: TestStore;
  let database: Database;
  let server: RunningServer;
  let dataset: string;

  beforeAll(async () => {
    dataset = await mkdtemp(join(tmpdir(), 'perx-beside-readers-'));
    const settings = { users: 20_000, campaigns: 12, startSeconds: Date.UTC(2019, 7, 12) / 1000, days: 14 };
    await generateDataset({ ...settings, out: join(dataset, 'first'), requests: 20_000, seed: 3 });
    await generateDataset({ ...settings, out: join(dataset, 'second'), requests: 400_000, seed: 4 });
    store = await createTestStore('postgres');
    database = await store.open();
    await ingest(database, { source: join(dataset, 'first') });
    await computeAllReports(database);
    server = await startServer({ database, config: loadConfig({}, {}), port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    await store?.remove();
    await rm(dataset, { recursive: true, force: true });
  });

  it('answers every page and endpoint while an ingest loads, and the ingest succeeds', async () => {
    let ingesting = true;
    const answeredDuringIngest: string[] = [];
    const failures: string[] = [];
    let longestWaitMs = 0;
    async function poll(offset: number): Promise<void> {
      for (let index = offset; ingesting; index++) {
        const path = readerPaths[index % readerPaths.length]!;
        const started = performance.now();
        const response = await fetch(`${server.url}${path}`);
        await response.arrayBuffer();
        // Once the ingest has published, the stored results describe the data before it, and a report
        // computed from the new data answers 202 (computing) at first: an answer, not a failure.
        const computingNewData = response.status === 202 && !ingesting;
        if (response.status !== 200 && !computingNewData) failures.push(`${path}: ${response.status}`);
        else if (ingesting) {
          answeredDuringIngest.push(path);
          longestWaitMs = Math.max(longestWaitMs, performance.now() - started);
        }
      }
    }
    const readers = [0, 3, 6, 9].map(poll);
    const summary = await ingest(database, { source: join(dataset, 'second') }).finally(() => {
      ingesting = false;
    });
    await Promise.all(readers);
    expect(failures).toEqual([]);
    expect(summary.files.find((file) => file.file === 'http_log.txt')).toMatchObject({ loaded: 400_000 });
    // Every page and endpoint was answered at least once before the ingest committed.
    expect(new Set(answeredDuringIngest)).toEqual(new Set(readerPaths));
    const [counts] = await database.query<{ requests: number }>(
      'SELECT count(*)::int AS requests FROM http_log',
    );
    expect(counts?.requests).toBe(400_000);
    console.log(
      `ingest of 400,000 requests beside 4 readers: ${answeredDuringIngest.length} answers during it, longest answer before it committed ${longestWaitMs.toFixed(0)} ms`,
    );
  });
});
