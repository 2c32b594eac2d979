import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { projectRoot, startPerx, testEnvironment } from '../support/perx-cli.js';

/** The real data set has 7,377 sessions at the default 300 s gap; the overview shows that figure. */
const realSessionCount = '7,377';

async function ingestRunCount(store: TestStore): Promise<number> {
  const database = await store.open();
  try {
    const [row] = await database.query<{ runs: number }>('SELECT count(*)::int AS runs FROM ingest_run');
    return row?.runs ?? 0;
  } finally {
    await database.close();
  }
}

for (const engine of testEngines) {
  describe(`npm start (perx run) [${engine}]`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(engine);
    });
    afterAll(async () => {
      await store.remove();
    });

    it('ingests, computes and serves on first start; a restart reuses the data and ingests nothing', async () => {
      const first = await startPerx(['run', '--port', '0'], { entry: 'bin', env: store.env });
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      const overview = await (await fetch(`${first.url}/`)).text();
      expect(overview).toContain(realSessionCount);
      expect(first.output()).toMatch(/ingested .* http_log\.txt 16000\/16000/);
      const firstStop = await first.stop('SIGINT');
      expect(firstStop.code).toBe(0);
      expect(firstStop.output).toContain('SIGINT received, closing the server and the database');

      const second = await startPerx(['run', '--port', '0'], { entry: 'bin', env: store.env });
      expect(second.output()).toContain('data already loaded');
      expect(second.output()).toContain('stored reports are current');
      const overviewAgain = await (await fetch(`${second.url}/`)).text();
      expect(overviewAgain).toContain(realSessionCount);
      expect((await second.stop('SIGTERM')).code).toBe(0);

      // The folder (or database) closed cleanly: it reopens, and the data was ingested exactly once.
      expect(await ingestRunCount(store)).toBe(1);
    });

    it('stops an ingest at a signal, rolled back, and exits 143 saying what it left undone', async () => {
      const generated = await mkdtemp(join(tmpdir(), 'perx-run-interrupted-'));
      const interrupted = await createTestStore(engine);
      try {
        await generateDataset({
          out: generated,
          users: 40_000,
          requests: 400_000,
          campaigns: 12,
          seed: 9,
          startSeconds: Date.UTC(2019, 7, 12) / 1000,
          days: 14,
        });
        const before = await interrupted.open();
        await ingest(before, { source: join(projectRoot, 'data/perx') });
        await before.close();

        const child = spawn(process.execPath, ['bin/perx.js', 'run', '--refresh', '--port', '0'], {
          cwd: projectRoot,
          env: testEnvironment({ ...interrupted.env, PERX_SOURCE: generated }),
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        // Mid-log: its progress line has appeared, and it is far from done.
        await new Promise<void>((resolve, reject) => {
          const check = () => {
            if (/http_log\.txt +\d+% of/.test(output)) resolve();
            else if (child.exitCode !== null) reject(new Error(`perx run exited early:\n${output}`));
            else setTimeout(check, 20);
          };
          check();
        });
        const signalled = performance.now();
        child.kill('SIGTERM');
        const code = await exited;
        const stoppedInMs = performance.now() - signalled;
        expect(code, output).toBe(143);
        expect(output).toContain(
          'perx: SIGTERM received during the ingest: it was stopped and rolled back, the data loaded before is unchanged; the reports were not computed and the dashboard was not started',
        );
        expect(output).not.toContain('perx dashboard at');
        console.log(`perx run [${engine}] stopped ${stoppedInMs.toFixed(0)} ms after SIGTERM, mid-ingest`);

        if (engine === 'pglite')
          expect(existsSync(join(interrupted.settings.dataDir, 'perx.lock'))).toBe(false);
        const after = await interrupted.open();
        try {
          const runs = await after.query<{ outcome: string; error: string | null }>(
            'SELECT outcome, error FROM ingest_run ORDER BY id',
          );
          expect(runs).toHaveLength(2);
          expect(runs[1]).toMatchObject({ outcome: 'failed' });
          expect(runs[1]?.error).toContain('SIGTERM');
          const [counts] = await after.query<{ requests: number; leftovers: number }>(
            `SELECT (SELECT count(*)::int FROM http_log) AS requests,
                    (SELECT count(*)::int FROM pg_class WHERE relname LIKE 'next\\_%') AS leftovers`,
          );
          expect(counts).toEqual({ requests: 16_000, leftovers: 0 });
        } finally {
          await after.close();
        }
      } finally {
        await interrupted.remove();
        await rm(generated, { recursive: true, force: true });
      }
    });

    it('stops with npm start and releases the database when npm is killed, by SIGTERM or SIGKILL', async () => {
      // npm's own entry point beside this node binary, as `npm start` runs it.
      const npmCli =
        process.env.npm_execpath ?? join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        const npm = await startPerx(['start'], {
          command: [npmCli, 'start', '--silent', '--', '--port', '0'],
          env: store.env,
        });
        expect((await fetch(`${npm.url}/healthz`)).status).toBe(200);
        npm.child.kill(signal);
        await until(async () => !(await answers(`${npm.url}/healthz`)), `the server after ${signal} to npm`);
        if (engine === 'pglite')
          await until(
            () => Promise.resolve(!existsSync(join(store.settings.dataDir, 'perx.lock'))),
            `the folder lock after ${signal} to npm`,
          );
      }
      // Nothing holds the database any more: a command opens it on its own.
      expect(await ingestRunCount(store)).toBe(1);
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

/** Polls until the check holds; the test's own time limit bounds the wait. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (await check()) return;
    if (attempt > 600) throw new Error(`${what}: still there after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
