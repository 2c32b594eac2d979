import { execFile } from 'node:child_process';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { dataTables } from './dataset-tables.js';
import { badLinesFixture, copyOf } from './fixture-folders.js';

const projectRoot = new URL('../../', import.meta.url).pathname;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `perx <args>` from source in a child process; its stderr is a pipe, so no progress is drawn. */
function perx(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: projectRoot, env: { ...process.env, PERX_SOURCE: '', ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const realDatasetTable = [
  'file                          lines  loaded  rejected  duplicates',
  'campaign.csv                      3       3         0           0',
  'reward_campaign.csv               3       3         0           0',
  'reward_transaction.csv           10      10         0           0',
  'campaign_reward_mapping.csv   3,043   3,043         0       1,282',
  'http_log.txt                 16,000  16,000         0           0',
  'total                        19,059  19,059         0       1,282',
].join('\n');

describe('perx ingest usage', () => {
  it('exits 2 on an unknown flag or an empty --source, before touching a database', async () => {
    const unknown = await perx(['ingest', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const empty = await perx(['ingest', '--source', '']);
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toBe('perx: --source must name a folder, a git URL or an https URL\n');
  });
});

for (const engine of testEngines) {
  describe(`perx ingest [${engine}]`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(engine);
    });
    afterAll(async () => {
      await store.remove();
    });

    async function tables() {
      const database = await store.open();
      try {
        return await dataTables(database, { sourceFileId: true });
      } finally {
        await database.close();
      }
    }

    it('loads the bundled data set by default and prints the reconciliation, quiet on stderr', async () => {
      const result = await perx(['ingest'], store.env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [table, changes, summary] = result.stdout.split('\n\n');
      expect(table).toBe(realDatasetTable);
      expect(changes).toBe(
        [
          'table                    rows before  rows after',
          'campaign                           0           3',
          'reward_campaign                    0           3',
          'reward_transaction                 0          10',
          'campaign_reward_mapping            0       1,761',
          'http_log                           0      16,000',
        ].join('\n'),
      );
      expect(summary).toMatch(
        /^ingested \/.+\/data\/perx\/? into (PGlite|PostgreSQL) .+ in \d+\.\d\d s \(ingest run 1\)\n$/,
      );
      const loaded = await tables();
      expect(loaded.http_log).toHaveLength(16000);
      expect(loaded.campaign_reward_mapping).toHaveLength(1761);
    });

    it('reports rejected lines with file, line and reason, and still exits 0', async () => {
      // Over the real data loaded before: so many rejects need --allow-shrink (see the next test).
      const result = await perx(['ingest', '--allow-shrink', '--source', badLinesFixture], store.env);
      expect(result.code).toBe(0);
      const [table, , , rejects] = result.stdout.split('\n\n');
      expect(table?.split('\n').at(-1)).toBe(
        'total                           42      19        23           2',
      );
      expect(rejects).toBe(
        [
          '23 rejected lines, all in ingest_reject (ingest_run_id 2); the first 10:',
          '  campaign.csv:5: bad number in id: "x2" (expected a whole number)',
          '  campaign.csv:6: empty name',
          '  campaign.csv:7: wrong field count: expected 3 (id,name,status), found 4',
          '  campaign.csv:9: duplicate id 2 (first on line 3)',
          '  campaign.csv:12: malformed quoting: text after the closing quote of a field',
          '  reward_campaign.csv:4: unknown campaign 7',
          '  reward_campaign.csv:5: bad timestamp in updated_at: "2019-02-29 10:00:00 UTC" (February 2019 has no day 29)',
          '  reward_campaign.csv:6: bad timestamp in updated_at: "2019-08-12 25:00:00 UTC" (hour 25 is not 00-23)',
          '  reward_campaign.csv:8: unknown campaign 5',
          '  reward_campaign.csv:9: empty reward_name',
          '',
        ].join('\n'),
      );
    });

    it('exits 1 with --strict and a rejected line, naming file, line and reason, data unchanged', async () => {
      const before = await tables();
      const result = await perx(['ingest', '--strict', '--source', badLinesFixture], store.env);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(
        `perx: ingest failed, the data loaded before is unchanged: ${join(badLinesFixture, 'campaign.csv')}:5: bad number in id: "x2" (expected a whole number)\n`,
      );
      expect(await tables()).toEqual(before);
    });

    it('with --append loads the new log files only, and says so when there are none', async () => {
      const folder = await copyOf(new URL('../../data/perx/', import.meta.url).pathname);
      await rm(join(folder, 'SHA256SUMS'));
      await writeFile(
        join(folder, 'http_log-2019-08-28.txt'),
        '2019-08-28T01:00:00+00:00 GET /campaigns/1 2000020076516\n',
      );
      // In place of the bad lines of the test before, which had more campaigns: a shrink, allowed.
      const first = await perx(['ingest', '--allow-shrink', '--source', folder], store.env);
      expect(first.code).toBe(0);
      const runs = /\(ingest run (\d+)\)/.exec(first.stdout);
      const run = Number(runs?.[1]);
      await writeFile(join(folder, 'http_log-2019-08-29.txt'), '2019-08-29T01:00:00Z GET /x 42\n');
      const appended = await perx(['ingest', '--append', '--source', folder], store.env);
      expect(appended.code).toBe(0);
      const [table, changes, skipped, summary] = appended.stdout.split('\n\n');
      expect(changes?.split('\n').at(-1)).toBe('http_log                      16,001      16,002');
      expect(table).toBe(
        [
          'file                     lines  loaded  rejected  duplicates',
          'http_log-2019-08-29.txt      1       1         0           0',
          'total                        1       1         0           0',
        ].join('\n'),
      );
      expect(skipped).toBe(
        [
          `http_log.txt: already loaded (ingest run ${run}), skipped`,
          `http_log-2019-08-28.txt: already loaded (ingest run ${run}), skipped`,
          'campaign.csv: unchanged, its table kept as it is',
          'reward_campaign.csv: unchanged, its table kept as it is',
          'reward_transaction.csv: unchanged, its table kept as it is',
          'campaign_reward_mapping.csv: unchanged, its table kept as it is',
        ].join('\n'),
      );
      expect(summary).toMatch(
        new RegExp(`^appended 1 new log file from .+ in \\d+\\.\\d\\d s \\(ingest run ${run + 1}\\)\n$`),
      );
      const again = await perx(['ingest', '--append', '--source', folder], store.env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(
        `http_log-2019-08-29.txt: already loaded (ingest run ${run + 1}), skipped\n`,
      );
      expect(again.stdout).toMatch(/\nnothing new to append: every log file was loaded before, from .+\n$/);
      expect((await tables()).http_log).toHaveLength(16002);
    });

    it('exits 1 on a checksum mismatch, naming the file', async () => {
      const folder = await copyOf(new URL('../../data/perx/', import.meta.url).pathname);
      await appendFile(join(folder, 'campaign.csv'), '4,My Campaign 4,active\n');
      const result = await perx(['ingest'], { ...store.env, PERX_SOURCE: folder });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^perx: ingest failed, the data loaded before is unchanged: ${join(folder, 'campaign.csv')}: checksum mismatch: `,
        ),
      );
    });
  });
}
