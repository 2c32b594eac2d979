import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { readLock } from '../../src/db/embedded/folder-lock.js';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { computeAllReports, latestReportRuns } from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { projectRoot, testEnvironment } from '../support/perx-cli.js';

/** `perx <args>` from the build, its output collected, until the test kills it. */
function perx(args: readonly string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/perx.js', ...args], {
    cwd: projectRoot,
    env: testEnvironment(env),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  return { child, exited, output: () => output };
}

/**
 * Polls until the check holds; fails naming what it waited for, the child's exit code and its output
 * when the child ended first.
 */
async function until(
  check: () => boolean | Promise<boolean>,
  child: ChildProcess,
  what: string,
  output: () => string = () => '',
): Promise<void> {
  for (;;) {
    if (await check()) return;
    if (child.exitCode !== null) {
      throw new Error(`the child exited (code ${child.exitCode}) before ${what}:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readLockPid(folder: string): number | undefined {
  return readLock(folder)?.pid;
}

/** What a run that died may leave: runs still 'running' or incomplete, rows of runs that are gone. */
async function leftovers(database: Database) {
  const [row] = await database.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM ingest_run WHERE outcome = 'running') AS running_ingests,
            (SELECT count(*)::int FROM report_run WHERE NOT complete) AS incomplete_reports,
            (SELECT count(*)::int FROM report_session s
              WHERE NOT EXISTS (SELECT 1 FROM report_run r WHERE r.id = s.report_run_id AND r.complete)) AS stray_sessions,
            (SELECT count(*)::int FROM report_campaign_part p
              WHERE NOT EXISTS (SELECT 1 FROM report_run r WHERE r.id = p.report_run_id)) AS stray_parts,
            (SELECT count(*)::int FROM pg_class WHERE relname LIKE 'next\\_%') AS next_tables`,
  );
  return row;
}

const nothingLeft = {
  running_ingests: 0,
  incomplete_reports: 0,
  stray_sessions: 0,
  stray_parts: 0,
  next_tables: 0,
};

// Each test starts and kills perx processes and reopens the database: slow on two busy cores.
describe('runs of a process killed with SIGKILL', { timeout: 180_000 }, () => {
  let generated: string;
  beforeAll(async () => {
    generated = await mkdtemp(join(tmpdir(), 'perx-killed-'));
    await generateDataset({
      out: generated,
      users: 30_000,
      requests: 300_000,
      campaigns: 12,
      seed: 5,
      startSeconds: Date.UTC(2019, 7, 12) / 1000,
      days: 14,
    });
  });
  afterAll(async () => {
    await rm(generated, { recursive: true, force: true });
  });

  for (const engine of testEngines) {
    describe(`[${engine}]`, () => {
      let store: TestStore;
      beforeAll(async () => {
        store = await createTestStore(engine);
        const database = await store.open();
        try {
          await ingest(database, { source: join(projectRoot, 'data/perx') });
          await computeAllReports(database);
        } finally {
          await database.close();
        }
      });
      afterAll(async () => {
        await store?.remove();
      });

      it('an ingest killed mid-log is marked abandoned by the next command, the data before kept', async () => {
        // `perx run` prints its ingest's progress line by line when not on a terminal.
        const killed = perx(['run', '--refresh', '--port', '0', '--source', generated], store.env);
        await until(
          () => /http_log\.txt +\d+% of/.test(killed.output()),
          killed.child,
          'its log progress',
          killed.output,
        );
        killed.child.kill('SIGKILL');
        expect(await killed.exited).toBe('SIGKILL');

        const database = await store.open();
        try {
          expect(await leftovers(database)).toEqual(nothingLeft);
          const runs = await database.query<{ outcome: string; error: string | null }>(
            'SELECT outcome, error FROM ingest_run ORDER BY id',
          );
          expect(runs.map((run) => run.outcome)).toEqual(['succeeded', 'abandoned']);
          expect(runs[1]?.error).toMatch(
            /^the process that ran it \(pid \d+ on .+\) ended before it finished; its data was rolled back$/,
          );
          const [counts] = await database.query<{ requests: number }>(
            'SELECT count(*)::int AS requests FROM http_log',
          );
          expect(counts?.requests).toBe(16_000);
          const overview = await createApp({ database, config: loadConfig({}, {}) }).request('/');
          expect((await overview.text()).replace(/\s+/g, ' ')).toContain(
            'The last ingest was abandoned (its process ended); this is the data of the one before.',
          );
        } finally {
          await database.close();
        }
      });

      it('a report all killed mid-sessions leaves no run and no rows; the stored reports before still serve', async () => {
        const setup = await store.open();
        const before = await latestReportRuns(setup);
        // The larger log makes the sessions take long enough to be caught in the act.
        await ingest(setup, { source: generated, limits: { allowShrink: true } });
        await setup.close();

        const killed = perx(['report', 'all', '--full', '--jobs', '2'], store.env);
        if (engine === 'postgres') {
          // Ranges of sessions are committed by parallel connections under an incomplete run: caught then.
          const watcher = new pg.Client({ connectionString: store.settings.databaseUrl });
          await watcher.connect();
          const rows = async (sql: string) => (await watcher.query(sql)).rowCount ?? 0;
          try {
            await until(
              async () =>
                // From the few runs to their sessions by index: a scan of every stored session per poll
                // would be slow enough on busy cores to miss the whole window.
                (await rows(
                  `SELECT 1 FROM report_run r
                   WHERE NOT r.complete AND EXISTS (SELECT 1 FROM report_session s WHERE s.report_run_id = r.id)`,
                )) > 0,
              killed.child,
              'sessions of an incomplete run',
              killed.output,
            );
            killed.child.kill('SIGKILL');
            expect(await killed.exited).toBe('SIGKILL');
            const killedAt = performance.now();
            // The server checks each second that a client is still there (client_connection_check_interval)
            // and stops a dead one's statements instead of running them to their end.
            for (;;) {
              const working = await rows(
                `SELECT 1 FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
              );
              if (working === 0) break;
              await new Promise((resolve) => setTimeout(resolve, 25));
            }
            console.log(
              `report all killed: its statements stopped ${(performance.now() - killedAt).toFixed(0)} ms later`,
            );
          } finally {
            await watcher.end();
          }
        } else {
          // The embedded engine runs report all in one transaction, which no other connection can watch:
          // killed once it owns the folder and has had a moment to work.
          await until(
            () => readLockPid(store.settings.dataDir) === killed.child.pid,
            killed.child,
            'the folder lock',
            killed.output,
          );
          await new Promise((resolve) => setTimeout(resolve, 1000));
          killed.child.kill('SIGKILL');
          await killed.exited;
        }

        const database = await store.open();
        try {
          expect(await leftovers(database)).toEqual(nothingLeft);
          const after = await latestReportRuns(database);
          expect(after.sessions?.id).toBe(before.sessions?.id);
        } finally {
          await database.close();
        }
      });
    });
  }
});
