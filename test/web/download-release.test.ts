import { request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { ingest } from '../../src/ingest/load.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { adminUrl, createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { hostileFixture } from './support/web-fixture.js';

/**
 * Every database resource a download takes (a pooled connection, its transaction, a cursor) is released
 * however the response ends: a HEAD, a client that leaves, a client that stops reading, a download past
 * its time limit. The pool here holds two connections, so one leak is enough to starve the server.
 */
const poolSize = 2;
/** 3,000 users with one request each: more sessions than one cursor batch (2,000 rows). */
const users = 3_000;
/** Rejected lines of about 1 KB each: a rejects download of ~20 MB, far more than socket buffers hold. */
const rejectedLines = 20_000;

async function writeDataset(folder: string): Promise<void> {
  for (const file of [
    'campaign.csv',
    'reward_campaign.csv',
    'reward_transaction.csv',
    'campaign_reward_mapping.csv',
  ]) {
    await copyFile(join(hostileFixture, file), join(folder, file));
  }
  const requests = Array.from(
    { length: users },
    (_, user) => `2019-08-26T10:00:00+00:00 GET /campaigns/1 u${user}\n`,
  );
  const junk = Array.from(
    { length: rejectedLines },
    (_, line) => `not a request ${line} ${'x'.repeat(1000)}\n`,
  );
  await writeFile(join(folder, 'http_log.txt'), requests.join('') + junk.join(''));
}

/** Waits until a check passes, polling; the deadline only bounds a failing test. */
async function eventually(check: () => Promise<void>, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const pacedClient = fileURLToPath(new URL('./support/paced-download.ts', import.meta.url));

/** A download by a client process that waits `pace` ms after each chunk ('stop': until drain()). */
function pacedDownload(url: string, pace: number | 'stop') {
  const child = spawn(process.execPath, ['--import', 'tsx', pacedClient, url, String(pace)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const started = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('started\n')) resolve();
    }),
  );
  const result = new Promise<{ received: number; complete: boolean }>((resolve, reject) => {
    child.on('close', () => {
      try {
        resolve(JSON.parse(output.replace('started\n', '')) as { received: number; complete: boolean });
      } catch {
        reject(new Error(`the download client printed ${JSON.stringify(output)}`));
      }
    });
  });
  return {
    /** Resolves once the first bytes of the body arrived: the download is under way. */
    started,
    /** Reads on to the end: what the server sent before it closed the connection. */
    drain() {
      child.stdin.end('drain\n');
      return result;
    },
  };
}

/** The size of the whole rejects CSV, read by a client that keeps up. */
const fullRejectsBytes = rejectedLines * 1000;

for (const engine of testEngines) {
  describe(`download resources [${engine}]`, () => {
    let store: TestStore;
    let database: Database;
    /** Cuts off a client idle for 1 s; no time limit to speak of. */
    let server: RunningServer;
    /** Ends any download after 3 s; no idle cut-off to speak of. */
    let limitedServer: RunningServer;

    /** Nothing of the downloads is left: no open transaction on PostgreSQL, no open cursor on either. */
    async function assertReleased(): Promise<void> {
      // Protocol-level portals (a query's own) are listed too; the downloads' cursors are named.
      const cursors = await database.query<{ name: string }>('SELECT name FROM pg_cursors');
      expect(cursors.map(({ name }) => name).filter((name) => name.startsWith('perx_cursor_'))).toEqual([]);
      if (engine === 'postgres') {
        const name = new URL(store.settings.databaseUrl ?? '').pathname.slice(1);
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          const { rows } = await admin.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
            [name],
          );
          expect(rows[0]?.count).toBe(0);
        } finally {
          await admin.end();
        }
      }
    }

    /** More requests at once than the pool has connections, each answered. */
    async function assertServing(): Promise<void> {
      const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(health.status).toBe(200);
      const pages = await Promise.all(
        Array.from({ length: poolSize * 3 }, () =>
          fetch(`${server.url}/api/sessions?limit=1`, { signal: AbortSignal.timeout(10_000) }).then((r) =>
            r.json(),
          ),
        ),
      );
      for (const page of pages) expect(page).toMatchObject({ total: users });
    }

    beforeAll(async () => {
      store = await createTestStore(engine);
      database = await openDatabase({ ...store.settings, databasePoolSize: poolSize });
      const folder = await mkdtemp(join(tmpdir(), 'perx-downloads-'));
      try {
        await writeDataset(folder);
        await ingest(database, { source: folder });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
      server = await startServer({
        database,
        config: loadConfig({ downloadIdleSeconds: 1, downloadMaxSeconds: 3600 }, {}),
        port: 0,
      });
      limitedServer = await startServer({
        database,
        config: loadConfig({ downloadIdleSeconds: 3600, downloadMaxSeconds: 3 }, {}),
        port: 0,
      });
    });
    afterAll(async () => {
      await server?.close();
      await limitedServer?.close();
      await database?.close();
      await store?.remove();
    });

    it('answers HEAD on a download with its headers and runs no query', async () => {
      for (let attempt = 0; attempt < poolSize * 3; attempt++) {
        for (const path of ['/api/sessions?format=csv', '/api/rejects?format=ndjson']) {
          const response = await fetch(`${server.url}${path}`, { method: 'HEAD' });
          expect(response.status).toBe(200);
          expect(response.headers.get('content-disposition')).toMatch(
            /^attachment; filename="(sessions|rejects)\./,
          );
        }
      }
      await assertReleased();
      await assertServing();
    });

    it('releases the cursor and the connection of a client that leaves mid-download', async () => {
      for (let attempt = 0; attempt < poolSize * 2; attempt++) {
        await new Promise<void>((resolve, reject) => {
          const request = httpRequest(`${server.url}/api/sessions?format=csv`, (response) => {
            response.once('data', () => {
              request.destroy();
              resolve();
            });
          });
          request.on('error', () => undefined);
          request.on('close', () => resolve());
          request.end();
          setTimeout(() => reject(new Error('no data within 10 s')), 10_000).unref();
        });
      }
      await eventually(assertReleased);
      await assertServing();
    });

    it('cuts off a client that stops reading, and frees what its download held', async () => {
      const stalled = Array.from({ length: poolSize }, () =>
        pacedDownload(`${server.url}/api/rejects?format=csv`, 'stop'),
      );
      await Promise.all(stalled.map((download) => download.started));
      // While the clients still hold their sockets open, the server lets their downloads go.
      await eventually(assertReleased);
      await assertServing();
      for (const download of stalled) {
        const { received, complete } = await download.drain();
        expect(complete).toBe(false);
        expect(received).toBeLessThan(fullRejectsBytes);
      }
    });

    it('ends a download that outlasts its time limit, cut short rather than complete-looking', async () => {
      // A client that reads nothing, on a server whose idle cut-off is an hour away: the time limit ends it.
      const slow = pacedDownload(`${limitedServer.url}/api/rejects?format=csv`, 'stop');
      await slow.started;
      await eventually(assertReleased);
      const { received, complete } = await slow.drain();
      expect(complete).toBe(false);
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(fullRejectsBytes);
      await assertServing();
    });
  });
}
