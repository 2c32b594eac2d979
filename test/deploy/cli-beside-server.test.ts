import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOf, realDataset } from '../ingest/fixture-folders.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { runPerx, startPerx, type RunningPerx } from '../support/perx-cli.js';

/** A JSON API answer once it is ready: a live computation answers 202 until its run is stored. */
async function ready<T>(url: string): Promise<T> {
  for (;;) {
    const response = await fetch(url);
    if (response.status === 200) return (await response.json()) as T;
    expect(response.status, url).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The embedded engine's folder belongs to the running `perx run`; the other commands reach the
// database through it. On a server they connect as usual. Either way they work while the dashboard
// serves, and it serves what they wrote.
for (const engine of testEngines) {
  describe(`perx commands while perx run serves the same database [${engine}]`, () => {
    let store: TestStore;
    let folder: string;
    let server: RunningPerx;
    beforeAll(async () => {
      store = await createTestStore(engine);
      folder = await copyOf(realDataset);
      // The appended file is not in the bundled checksums.
      await rm(join(folder, 'SHA256SUMS'));
      server = await startPerx(['run', '--port', '0', '--source', folder], { entry: 'bin', env: store.env });
    });
    afterAll(async () => {
      const stopped = await server?.stop('SIGTERM');
      expect(stopped?.code, stopped?.output).toBe(0);
      await store.remove();
    });

    it('perx report weekly prints what the dashboard serves', async () => {
      const cli = await runPerx(['report', 'weekly', '--format', 'ndjson'], { entry: 'bin', env: store.env });
      expect(cli.code, cli.stderr).toBe(0);
      const api = await (await fetch(`${server.url}/api/weekly?format=ndjson`)).text();
      expect(cli.stdout).toBe(api);
      expect(cli.stdout.trim().split('\n')).not.toHaveLength(0);
    });

    it('perx ingest --append loads a new log file, and the dashboard serves it at once', async () => {
      // User 42 exists only in the new file: one request, one session.
      await writeFile(join(folder, 'http_log-2019-08-29.txt'), '2019-08-29T01:00:00Z GET /campaigns/1 42\n');
      const appended = await runPerx(['ingest', '--append', '--source', folder], {
        entry: 'bin',
        env: store.env,
      });
      expect(appended.code, appended.stderr).toBe(0);
      expect(appended.stdout).toMatch(/appended 1 new log file from .+ \(ingest run 2\)\n$/);

      const status = await ready<{ last_ingest_run: { id: number }; row_counts: Record<string, number> }>(
        `${server.url}/api/status`,
      );
      expect(status.last_ingest_run.id).toBe(2);
      expect(status.row_counts.http_log).toBe(16_001);
      const sessions = await ready<{ total: number; rows: { user_id: string; session_start: string }[] }>(
        `${server.url}/api/sessions?user=42`,
      );
      expect(sessions.total).toBe(1);
      // 01:00Z on the clock of the default zone, Asia/Singapore (+08:00).
      expect(sessions.rows[0]).toMatchObject({ user_id: '42', session_start: '2019-08-29T09:00:00+08:00' });
    });
  });
}
