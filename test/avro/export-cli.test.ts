import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/load.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { pythonAvroAvailable, readWithPython } from './python-avro.js';
import { runCli, sourceFolder } from './source-folder.js';

const textLog = [
  '2019-08-26T10:00:00Z GET /campaigns/11 1',
  '2019-08-26T10:01:00Z POST /rewards/7993 1',
  '2019-08-26T12:00:00Z GET /home 2',
].join('\n');

for (const engine of testEngines) {
  describe(`perx export [${engine}]`, () => {
    let store: TestStore;
    let folder: string;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'perx-avro-cli-'));
      store = await createTestStore(engine);
      // Loaded in this process and closed again: the embedded database admits one process at a time.
      const database = await store.open();
      try {
        await ingest(database, {
          source: await sourceFolder(join(folder, 'source'), { file: 'http_log.txt', content: textLog }),
        });
      } finally {
        await database.close();
      }
    });
    afterAll(async () => {
      await store.remove();
      await rm(folder, { recursive: true, force: true });
    });

    it('writes the HTTP log and the sessions, and says on stderr how many records went where', async () => {
      const log = join(folder, 'http_log.avro');
      const logRun = await runCli(['export', 'http-log', '--format', 'avro', '--out', log], store.env);
      expect(logRun.stdout).toBe('');
      expect(logRun.code).toBe(0);
      expect(logRun.stderr).toMatch(
        new RegExp(`^wrote 3 records \\(\\d+ bytes\\) to ${log} in \\d+\\.\\d\\d s\\n$`),
      );

      const sessions = join(folder, 'sessions.avro');
      const sessionRun = await runCli(
        [
          'export',
          'sessions',
          '--out',
          sessions,
          '--tz',
          'UTC',
          '--from',
          '2019-08-26T11:00',
          '--driven-only',
        ],
        store.env,
      );
      expect(sessionRun.code).toBe(0);
      // User 1's session starts before 11:00 UTC; user 2's is not driven: nothing is left.
      expect(sessionRun.stderr).toMatch(/^wrote 0 records \(\d+ bytes\) to /);
      // The file exists now: replacing it takes --force, and is refused before the database opens without.
      const refused = await runCli(['export', 'sessions', '--out', sessions], store.env);
      expect(refused).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `perx: ${sessions} already exists: pass --force to overwrite it\n`,
      });
      const allSessions = await runCli(['export', 'sessions', '--out', sessions, '--force'], store.env);
      expect(allSessions.stderr).toMatch(/^wrote 2 records \(\d+ bytes\) to /);
      if (pythonAvroAvailable) {
        expect(readWithPython(log).count).toBe(3);
        expect(readWithPython(sessions, 1).records).toEqual([
          {
            user_id: '1',
            session_start: '2019-08-26T10:00:00.000000Z',
            session_end: '2019-08-26T10:01:00.000000Z',
            campaigns: [11],
            rewards_issued: [7993],
            reward_driven_by_campaign_view: true,
            driven_rewards: [7993],
          },
        ]);
      }
    });

    it('refuses bad flags with exit code 2 before touching the database', async () => {
      const out = join(folder, 'refused.avro');
      const csv = await runCli(['export', 'http-log', '--format', 'csv', '--out', out], store.env);
      expect(csv).toMatchObject({ code: 2, stderr: 'perx: --format: expected avro, got "csv"\n' });
      const zone = await runCli(['export', 'sessions', '--out', out, '--tz', 'Mars/Olympus'], store.env);
      expect(zone.code).toBe(2);
      expect(zone.stderr).toMatch(/^perx: --tz: unknown time zone "Mars\/Olympus"/);
      const noOut = await runCli(['export', 'http-log'], store.env);
      expect(noOut.code).toBe(2);
      expect(noOut.stderr).toMatch(/required option '--out <file>' not specified/);
      expect((await readdir(folder)).filter((name) => name.includes('refused'))).toEqual([]);
    });

    it('fails with exit code 1 and the file named when it cannot write', async () => {
      const out = join(folder, 'no-such-folder', 'http_log.avro');
      const run = await runCli(['export', 'http-log', '--out', out], store.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^perx: cannot write ${out}: ENOENT`));
    });
  });
}
