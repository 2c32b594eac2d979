import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFormat } from '../../src/cli/report-output.js';
import { loadFixture } from '../reports/fixture.js';
import { sessionsFixture } from '../reports/sessions-fixture.js';
import { engagementFixture } from '../reports/engagement-fixture.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { runPerx } from '../support/perx-cli.js';

function perx(args: string[], env: Record<string, string> = {}) {
  return runPerx(args, { env });
}

describe('perx report: usage errors exit 2 before touching the database', () => {
  const env = { DATABASE_URL: 'postgres://127.0.0.1:1/never-opened' };
  it.each([
    [['report', 'engagement', '--tz', 'Mars/Olympus'], '--tz: unknown time zone "Mars/Olympus"'],
    [
      ['report', 'engagement', '--from', '2019-08-13', '--to', '2019-08-12'],
      '--from: 2019-08-13 is later than to',
    ],
    [['report', 'weekly', '--week-start', 'friday'], '--week-start: expected monday or sunday'],
    [['report', 'sessions', '--gap', 'five'], '--gap: expected a whole number'],
    [['report', 'sessions', '--sort', 'session_start;drop table http_log'], '--sort: expected one of'],
    [['report', 'sessions', '--limit', '1001'], '--limit: must be at most 1000'],
    [['report', 'sessions', '--campaign', 'eleven'], '--campaign: expected a whole number'],
    [['report', 'sessions', '--reward', '2.5'], '--reward: expected a whole number'],
    [['report', 'campaigns', '--format', 'xml'], '--format: expected one of table, csv, json, ndjson'],
    [['report', 'all', '--tz', 'Nowhere/Land'], '--tz: unknown time zone'],
    [['report', 'all', '--jobs', '0'], '--jobs: expected a whole number from 1 to '],
    [['report', 'sessions', '--bogus'], "unknown option '--bogus'"],
  ])('%j', async (args, message) => {
    const run = await perx(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});

describe('output format choice', () => {
  it('takes --format, else the file extension, else a table on a terminal and CSV otherwise', () => {
    expect(chooseFormat('json', 'x.csv', true)).toBe('json');
    expect(chooseFormat(undefined, 'out/Report.JSONL', false)).toBe('ndjson');
    expect(chooseFormat(undefined, 'report.txt', false)).toBe('table');
    expect(chooseFormat(undefined, 'report', true)).toBe('csv');
    // A spreadsheet's name must not silently hold CSV.
    expect(() => chooseFormat(undefined, 'report.xlsx', false)).toThrow(
      '--out report.xlsx: unknown extension ".xlsx"; use one of .csv, .json, .ndjson, .jsonl, .txt, or name the format with --format (table, csv, json, ndjson)',
    );
    expect(chooseFormat('csv', 'report.xlsx', false)).toBe('csv');
    expect(chooseFormat(undefined, undefined, true)).toBe('table');
    expect(chooseFormat(undefined, undefined, false)).toBe('csv');
  });
});

for (const engine of testEngines) {
  describe(`perx report on a loaded store [${engine}]`, () => {
    let store: TestStore;
    let folder: string;

    beforeAll(async () => {
      store = await createTestStore(engine);
      folder = await mkdtemp(join(tmpdir(), 'perx-report-cli-'));
      const database = await store.open();
      try {
        await loadFixture(database, { ...engagementFixture, ...sessionsFixture });
      } finally {
        await database.close();
      }
    });

    afterAll(async () => {
      await store.remove();
      await rm(folder, { recursive: true, force: true });
    });

    it('prints CSV into a pipe, times on the clock of Asia/Singapore, the default zone', async () => {
      const run = await perx(['report', 'sessions', '--user', 'u-gap', '--gap', '299'], store.env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // 10:00Z is 18:00 in Singapore (+08:00).
      expect(run.stdout).toBe(
        'user_id,session_start,session_end,campaigns,rewards_issued,reward_driven_by_campaign_view,driven_rewards\r\n' +
          'u-gap,2019-08-26T18:00:00+08:00,2019-08-26T18:00:00+08:00,[1],[],false,[]\r\n' +
          'u-gap,2019-08-26T18:04:59+08:00,2019-08-26T18:04:59+08:00,[1],[],false,[]\r\n' +
          'u-gap,2019-08-26T18:09:59+08:00,2019-08-26T18:09:59+08:00,[2],[],false,[]\r\n' +
          'u-gap,2019-08-26T18:15:00+08:00,2019-08-26T18:15:00+08:00,[],[200],false,[]\r\n',
      );
    });

    it('writes session times in the zone of --tz or PERX_TZ, with its offset; Z in UTC', async () => {
      const sessions = ['report', 'sessions', '--user', 'u-gap', '--gap', '299', '--limit', '2'];
      const newYork = await perx([...sessions, '--tz', 'America/New_York'], store.env);
      expect(newYork.code).toBe(0);
      // New York is on EDT (-04:00) in August: 10:00Z is 06:00 there.
      expect(newYork.stdout.split('\r\n').slice(1, 3)).toEqual([
        'u-gap,2019-08-26T06:00:00-04:00,2019-08-26T06:00:00-04:00,[1],[],false,[]',
        'u-gap,2019-08-26T06:04:59-04:00,2019-08-26T06:04:59-04:00,[1],[],false,[]',
      ]);
      const utc = await perx([...sessions, '--format', 'ndjson'], { ...store.env, PERX_TZ: 'UTC' });
      expect(utc.code).toBe(0);
      expect(JSON.parse(utc.stdout.split('\n')[0] ?? '')).toMatchObject({
        session_start: '2019-08-26T10:00:00Z',
        session_end: '2019-08-26T10:00:00Z',
      });
    });

    it('keeps the sessions with a view of --campaign, and with --driven-only those it drove', async () => {
      const users = (stdout: string) =>
        stdout
          .trimEnd()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(',')[0]);
      const viewed = await perx(['report', 'sessions', '--campaign', '1'], store.env);
      expect(viewed.code).toBe(0);
      expect(users(viewed.stdout)).toEqual([
        'u-before',
        'u-bridge',
        'u-gap',
        'u-multi',
        'u-paths',
        'u-repeat',
        'u-unsorted',
      ]);
      const driven = await perx(['report', 'sessions', '--campaign', '1', '--driven-only'], store.env);
      expect(users(driven.stdout)).toEqual(['u-bridge', 'u-multi', 'u-repeat', 'u-unsorted']);

      // Reward 200: u-gap's issue opens a session of its own (301 s after its last view), u-wrong-campaign
      // viewed campaign 4, which does not hold it; u-offset and u-same-second viewed campaign 2 first.
      const issued = await perx(['report', 'sessions', '--reward', '200'], store.env);
      expect(issued.code).toBe(0);
      expect(users(issued.stdout)).toEqual(['u-gap', 'u-offset', 'u-same-second', 'u-wrong-campaign']);
      const issuedDriven = await perx(['report', 'sessions', '--reward', '200', '--driven-only'], store.env);
      expect(users(issuedDriven.stdout)).toEqual(['u-offset', 'u-same-second']);
    });

    it('writes JSON to a file named by --out, with the report’s exact columns', async () => {
      const out = join(folder, 'engagement.json');
      const run = await perx(
        ['report', 'engagement', '--tz', 'UTC', '--to', '2019-08-12', '--out', out],
        store.env,
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 3, date: '2019-08-12', time: '16:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '01:00',
        },
      ]);
    });

    it('prints weekly and campaign reports as tables, ndjson and csv', async () => {
      const weekly = await perx(
        ['report', 'weekly', '--format', 'table', '--week-start', 'sunday'],
        store.env,
      );
      expect(weekly.code).toBe(0);
      expect(weekly.stdout.split('\n')[0]).toBe(
        ' reward_campaign_id | reward_name | week       | reward_redeemed_count | percentage_difference',
      );
      expect(weekly.stdout).toContain('(5 rows)');
      const campaigns = await perx(['report', 'campaigns', '--format', 'ndjson'], store.env);
      expect(campaigns.code).toBe(0);
      expect(
        campaigns.stdout
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown)[0],
      ).toEqual({
        campaign_id: 1,
        views: 8,
        unique_viewers: 7,
        sessions_with_view: 7,
        driven_issues: 6,
        driven_sessions: 4,
        conversion: 0.5714,
      });
      const driven = await perx(
        ['report', 'sessions', '--driven-only', '--sort=-session_start', '--limit', '1'],
        store.env,
      );
      expect(driven.stdout.split('\r\n')[1]).toBe(
        // 18:00Z is 02:00 the next day in Singapore.
        'u-multi,2019-08-27T02:00:00+08:00,2019-08-27T02:01:00+08:00,"[3,1]",[100],true,[100]',
      );
    });

    it('computes and stores all reports, and says what it stored', async () => {
      const run = await perx(['report', 'all'], store.env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^engagement +4 rows +\d+ ms {2}\(report run 1\)$/m);
      expect(run.stdout).toMatch(/^sessions +14 rows +\d+ ms {2}\(report run 3\)$/m);
      expect(run.stdout).toMatch(/^computed at \d{4}-\d\d-\d\dT[\d:.]+\+08:00 from ingest run 1$/m);
    });

    it('says on stderr what --out wrote, and replaces an existing file only with --force', async () => {
      const out = join(folder, 'weekly.csv');
      const first = await perx(['report', 'weekly', '--out', out], store.env);
      expect(first.code).toBe(0);
      expect(first.stdout).toBe('');
      const written = await readFile(out, 'utf8');
      // 5 weeks and the header, the byte count the file's.
      expect(first.stderr).toBe(
        `wrote 5 rows (${Buffer.byteLength(written)} bytes) to ${out} in ${/in (\d+\.\d\d) s/.exec(first.stderr)?.[1]} s\n`,
      );
      const again = await perx(['report', 'weekly', '--week-start', 'sunday', '--out', out], store.env);
      expect(again).toMatchObject({
        code: 1,
        stderr: `perx: ${out} already exists: pass --force to overwrite it\n`,
      });
      expect(await readFile(out, 'utf8')).toBe(written);
      const forced = await perx(
        ['report', 'weekly', '--week-start', 'sunday', '--out', out, '--force'],
        store.env,
      );
      expect(forced.code).toBe(0);
      expect(forced.stderr).toMatch(/^wrote 5 rows \(\d+ bytes\) to /);
      expect(await readFile(out, 'utf8')).not.toBe(written);
    });

    it('exits 1 and leaves no partial file when the output cannot be written', async () => {
      const out = join(folder, 'missing-folder', 'sessions.csv');
      const run = await perx(['report', 'sessions', '--out', out], store.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot write ${out}`);
      expect((await readdir(folder)).filter((name) => name.includes('partial'))).toEqual([]);
    });
  });
}
