import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCopyRow } from '../../src/db/copy-text.js';
import type { Database } from '../../src/db/database.js';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { httpLogColumns } from '../../src/ingest/http-log-tuples.js';
import {
  campaignParamsSchema,
  campaignPerformance,
  computeAllReports,
  sessionParamsSchema,
  sessionRows,
  type ReportRun,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { asJson, collect, loadFixture, logRow } from './fixture.js';

/** Every stored column of a run's sessions, the campaigns driving each issue included, in a fixed order. */
function storedSessions(database: Database, run: ReportRun) {
  return database.query(
    `SELECT user_id::text AS user_id, session_start, session_end, campaigns, rewards_issued,
            reward_driven_by_campaign_view, driven_rewards, driving_campaign_ids
     FROM report_session WHERE report_run_id = $1
     ORDER BY user_id COLLATE "C", session_start`,
    [run.result_run_id],
  );
}

function storedCampaigns(database: Database, run: ReportRun) {
  return database.query(
    `SELECT campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions, conversion
     FROM report_campaign WHERE report_run_id = $1 ORDER BY campaign_id`,
    [run.result_run_id],
  );
}

/**
 * `report all`, returning the sessions and campaigns runs. The sessions are brought up to date however
 * many the new requests reach, unless a share is given.
 */
async function reportAll(
  database: Database,
  options: { full?: boolean; gap?: number; maxRecomputeShare?: number } = {},
) {
  const [engagement, weekly, sessions, campaigns] = await computeAllReports(database, {
    maxRecomputeShare: 1,
    ...options,
    partitions: 2,
  });
  if (!engagement || !weekly || !sessions || !campaigns) throw new Error('report all stored too few runs');
  return { engagement, weekly, sessions, campaigns };
}

/** How many of a run's sessions report_session_recent holds (016-recent-sessions.sql). */
async function recentSessions(database: Database, run: ReportRun): Promise<number> {
  const [recent] = await database.query<{ sessions: number }>(
    'SELECT count(*)::integer AS sessions FROM report_session_recent WHERE report_run_id = $1',
    [run.result_run_id],
  );
  return recent?.sessions ?? -1;
}

/** A run's stored engagement or weekly rows, every column but the run's id, in a fixed order. */
async function storedRows(database: Database, table: 'report_engagement' | 'report_weekly', run: ReportRun) {
  const rows = await database.query<Record<string, unknown>>(
    `SELECT * FROM ${table} WHERE report_run_id = $1`,
    [run.result_run_id],
  );
  return rows.map(({ report_run_id: _run, ...row }) => JSON.stringify(row)).sort();
}

/** What a full recompute gives: the live reports, computed from the log as it is now. */
async function liveReports(database: Database) {
  return {
    sessions: asJson(await collect(sessionRows(database, sessionParamsSchema.parse({})))),
    campaigns: asJson(await collect(campaignPerformance(database, campaignParamsSchema.parse({})))),
  };
}

async function servedReports(database: Database, runs: { sessions: ReportRun; campaigns: ReportRun }) {
  return {
    sessions: asJson(await collect(sessionRows(database, sessionParamsSchema.parse({}), runs.sessions))),
    campaigns: asJson(
      await collect(campaignPerformance(database, campaignParamsSchema.parse({}), runs.campaigns)),
    ),
  };
}

const csvFiles = [
  'campaign.csv',
  'reward_campaign.csv',
  'reward_transaction.csv',
  'campaign_reward_mapping.csv',
];

/**
 * A generated log cut into an initial load and three appends: two later stretches of the unsorted log
 * (which overlap in time and share users with what came before), then every seventh line of the first
 * stretch, held back: requests from the past, landing inside and between stored sessions.
 */
function chunksOf(lines: readonly string[]): string[][] {
  const half = Math.floor(lines.length / 2);
  const threeQuarters = Math.floor((lines.length * 3) / 4);
  const first = lines.slice(0, half);
  return [
    first.filter((_, index) => index % 7 !== 3),
    lines.slice(half, threeQuarters),
    lines.slice(threeQuarters),
    first.filter((_, index) => index % 7 === 3),
  ];
}

describeEachEngine('incremental recompute of the stored sessions', ({ database }) => {
  let generated: string;

  beforeAll(async () => {
    generated = await mkdtemp(join(tmpdir(), 'perx-incremental-'));
  });

  afterAll(async () => {
    await rm(generated, { recursive: true, force: true });
  });

  for (const seed of [5, 23, 71]) {
    it(`after each append of a generated log (seed ${seed}), stores what a full recompute gives`, async () => {
      const dataset = join(generated, `dataset-${seed}`);
      const source = join(generated, `source-${seed}`);
      await generateDataset({
        out: dataset,
        users: 40 + seed,
        requests: 2500,
        campaigns: 6,
        seed,
        startSeconds: Date.UTC(2019, 7, 26) / 1000,
        days: 2,
      });
      const lines = (await readFile(join(dataset, 'http_log.txt'), 'utf8')).split('\n').filter(Boolean);
      const chunks = chunksOf(lines);
      await mkdir(source);
      for (const file of csvFiles) await copyFile(join(dataset, file), join(source, file));

      await writeFile(join(source, 'http_log.txt'), chunks[0]!.join('\n') + '\n');
      // Each seed's data set in place of the one before, which may be larger: allowed.
      await ingest(database(), { source, strict: true, limits: { allowShrink: true } });
      let runs = await reportAll(database());
      expect(runs.sessions.computation?.mode).toBe('full');

      let recentReplaced = 0;
      for (const [index, chunk] of chunks.entries()) {
        if (index === 0) continue;
        await writeFile(join(source, `http_log-${index}.txt`), chunk.join('\n') + '\n');
        await ingest(database(), { source, append: true, strict: true });
        const before = runs.sessions;
        const { engagement: engagementBefore, weekly: weeklyBefore } = runs;
        runs = await reportAll(database());
        // Only the log changed: engagement and weekly read the CSV tables alone, so their rows move over.
        expect(runs.engagement.computation).toEqual({ mode: 'kept', from_run_id: engagementBefore.id });
        expect(runs.weekly.computation).toEqual({ mode: 'kept', from_run_id: weeklyBefore.id });
        expect(runs.engagement.row_count).toBe(engagementBefore.row_count);

        const recompute = runs.sessions.computation ?? {};
        expect(recompute.mode).toBe('incremental');
        expect(runs.campaigns.computation).toEqual({ mode: 'changed', sessions_run_id: runs.sessions.id });
        expect(runs.sessions.result_run_id).toBe(before.result_run_id);
        expect(recompute.new_requests).toBe(chunk.length);
        // Only some sessions were recomputed: the rest stayed as stored.
        expect(Number(recompute.sessions_stored)).toBeGreaterThan(0);
        expect(Number(recompute.sessions_stored)).toBeLessThan(runs.sessions.row_count);
        expect(await servedReports(database(), runs)).toEqual(await liveReports(database()));
        expect(runs.sessions.row_count).toBe((await storedSessions(database(), runs.sessions)).length);
        // The recomputed sessions are stored apart, replacing those earlier appends stored there.
        const recentBefore = Number(recompute.recent_sessions_before);
        recentReplaced += Number(recompute.recent_replaced);
        expect(await recentSessions(database(), runs.sessions)).toBe(
          recentBefore - Number(recompute.recent_replaced) + Number(recompute.sessions_stored),
        );
      }

      // Later chunks reach sessions that earlier ones recomputed.
      expect(recentReplaced).toBeGreaterThan(0);
      const incremental = {
        sessions: await storedSessions(database(), runs.sessions),
        campaigns: await storedCampaigns(database(), runs.campaigns),
      };
      const kept = {
        engagement: await storedRows(database(), 'report_engagement', runs.engagement),
        weekly: await storedRows(database(), 'report_weekly', runs.weekly),
      };
      const full = await reportAll(database(), { full: true });
      expect(full.engagement.computation).toEqual({ mode: 'full' });
      expect(full.weekly.computation).toEqual({ mode: 'full' });
      expect({
        engagement: await storedRows(database(), 'report_engagement', full.engagement),
        weekly: await storedRows(database(), 'report_weekly', full.weekly),
      }).toEqual(kept);
      expect(kept.engagement.length).toBeGreaterThan(0);
      expect(full.sessions.computation?.mode).toBe('full');
      expect(full.sessions.row_count).toBe(runs.sessions.row_count);
      expect({
        sessions: await storedSessions(database(), full.sessions),
        campaigns: await storedCampaigns(database(), full.campaigns),
      }).toEqual(incremental);
      expect(await recentSessions(database(), full.sessions)).toBe(0);
    });
  }
});

/** Log lines appended as a file of a later ingest run, as `perx ingest --append` leaves them. */
async function appendLines(database: Database, name: string, lines: readonly string[]): Promise<void> {
  const [run] = await database.query<{ id: number }>(
    `INSERT INTO ingest_run (source, finished_at, outcome, mode)
     VALUES ('appended by hand', now(), 'succeeded', 'append') RETURNING id`,
  );
  const [file] = await database.query<{ id: number }>(
    `INSERT INTO ingest_file (ingest_run_id, name, sha256, bytes, lines, loaded, rejected)
     VALUES ($1, $2, $2, 0, $3, $3, 0) RETURNING id`,
    [run?.id, name, lines.length],
  );
  await database.copyFrom(
    'http_log',
    httpLogColumns,
    lines.map((line, index) => encodeCopyRow(logRow(line, file?.id ?? 0, index + 1))),
  );
}

const brief = (rows: unknown) =>
  (rows as { user_id: string; session_start: string; session_end: string; driven_rewards: number[] }[]).map(
    (row) =>
      `${row.user_id} ${row.session_start.slice(11, 19)}-${row.session_end.slice(11, 19)} driven ${JSON.stringify(row.driven_rewards)}`,
  );

describeEachEngine('incremental recompute at the edges of the gap', ({ database }) => {
  let runs: { sessions: ReportRun; campaigns: ReportRun };

  beforeAll(async () => {
    await loadFixture(database(), {
      mapping: [[1, 100]],
      log: [
        '2019-08-26T10:00:00Z GET /campaigns/1 u-merge',
        '2019-08-26T10:04:00Z GET /campaigns/1 u-merge',
        '2019-08-26T10:00:00Z GET /campaigns/1 u-split',
        '2019-08-26T10:04:00Z GET /campaigns/1 u-split',
        '2019-08-26T10:00:00Z GET /campaigns/1 u-bridge',
        '2019-08-26T10:09:58Z POST /rewards/100 u-bridge',
        '2019-08-26T12:00:00Z GET /profile u-backfill',
        '2019-08-26T12:02:00Z GET /profile u-backfill',
        '2019-08-26T13:00:00Z POST /rewards/100 u-same-second',
        '2019-08-26T09:00:00Z GET /campaigns/1 u-untouched',
        '2019-08-26T09:01:00Z POST /rewards/100 u-untouched',
      ],
    });
    await reportAll(database());
    await appendLines(database(), 'http_log-1.txt', [
      // 299 s after the session's last request: the session grows.
      '2019-08-26T10:08:59Z POST /rewards/100 u-merge',
      // 300 s after it: a session of its own, and the stored one stays.
      '2019-08-26T10:09:00Z POST /rewards/100 u-split',
      // 299 s after one session and 299 s before the next: one session from both, now driven.
      '2019-08-26T10:04:59Z GET /profile u-bridge',
      // From the past, 120 s before a stored session: it starts earlier.
      '2019-08-26T11:58:00Z GET /campaigns/1 u-backfill',
      // A view in the same second as a stored issue, in a later file: it drives the issue.
      '2019-08-26T13:00:00Z GET /campaigns/1 u-same-second',
      // A new user.
      '2019-08-26T14:00:00Z GET /campaigns/1 u-new',
    ]);
    runs = await reportAll(database());
  });

  it('recomputes the sessions the new requests can change, as worked out by hand', async () => {
    expect(runs.campaigns.computation?.mode).toBe('changed');
    expect(runs.sessions.computation).toMatchObject({
      mode: 'incremental',
      users: 6,
      new_requests: 6,
      // Within a gap of new requests: u-merge's session, both of u-bridge's, u-backfill's and
      // u-same-second's.
      sessions_touched: 5,
      // Replaced: u-merge's session, both of u-bridge's, u-backfill's and u-same-second's; u-split's
      // ends exactly a gap before its new request, and stays. Stored: one session per user.
      sessions_replaced: 5,
      sessions_stored: 6,
    });
    expect(brief(await servedReports(database(), runs).then((served) => served.sessions))).toEqual([
      'u-backfill 11:58:00-12:02:00 driven []',
      'u-bridge 10:00:00-10:09:58 driven [100]',
      'u-merge 10:00:00-10:08:59 driven [100]',
      'u-new 14:00:00-14:00:00 driven []',
      'u-same-second 13:00:00-13:00:00 driven [100]',
      'u-split 10:00:00-10:04:00 driven []',
      'u-split 10:09:00-10:09:00 driven []',
      'u-untouched 09:00:00-09:01:00 driven [100]',
    ]);
    expect(await servedReports(database(), runs)).toEqual(await liveReports(database()));
    // The six recomputed sessions are stored apart from the two kept (u-split's first, u-untouched's).
    expect(await recentSessions(database(), runs.sessions)).toBe(6);
    const [kept] = await database().query<{ sessions: number }>(
      'SELECT count(*)::integer AS sessions FROM ONLY report_session WHERE report_run_id = $1',
      [runs.sessions.result_run_id],
    );
    expect(kept?.sessions).toBe(2);
  });

  it('computes everything again when the recomputed sessions stored apart pass the given share', async () => {
    // A new user's request touches no stored session, but six of the eight are stored apart already.
    await appendLines(database(), 'http_log-later.txt', ['2019-08-26T15:00:00Z GET /profile u-later']);
    const full = await reportAll(database(), { maxRecomputeShare: 0.5 });
    expect(full.sessions.computation).toMatchObject({ mode: 'full' });
    expect(full.sessions.row_count).toBe(9);
    expect(await servedReports(database(), full)).toEqual(await liveReports(database()));
    // All in report_session again; the table apart is empty, with the new run's listing indexes only.
    const [apart] = await database().query<{ sessions: number }>(
      'SELECT count(*)::integer AS sessions FROM report_session_recent',
    );
    expect(apart?.sessions).toBe(0);
    const indexes = await database().query<{ name: string }>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index
       WHERE indrelid = 'report_session_recent'::regclass ORDER BY 1`,
    );
    const listing = indexes.map((index) => index.name).filter((name) => name !== 'report_session_recent_run');
    expect(listing).toHaveLength(9);
    for (const name of listing) expect(name).toMatch(`report_session_recent_${full.sessions.result_run_id}_`);
  });

  it('computes everything again when the new requests reach more than the given share of the sessions', async () => {
    await appendLines(database(), 'http_log-2.txt', ['2019-08-26T09:02:00Z GET /profile u-untouched']);
    // One stored session of nine is within a gap of the new request.
    const past = await reportAll(database(), { maxRecomputeShare: 0.1 });
    expect(past.sessions.computation).toMatchObject({ mode: 'full' });
    expect(past.campaigns.computation?.mode).toBe('summed');
    expect(await servedReports(database(), past)).toEqual(await liveReports(database()));
  });

  it('computes everything again when the mapping or the gap changed, or the data was replaced', async () => {
    await database().query('DELETE FROM campaign_reward_mapping');
    const remapped = await reportAll(database());
    expect(remapped.sessions.computation?.mode).toBe('full');
    expect(await servedReports(database(), remapped)).toEqual(await liveReports(database()));

    expect((await reportAll(database())).sessions.computation?.mode).toBe('incremental');
    const regapped = await reportAll(database(), { gap: 240 });
    expect(regapped.sessions.computation?.mode).toBe('full');

    await database().query(
      `INSERT INTO ingest_run (source, finished_at, outcome, mode) VALUES ('again', now(), 'succeeded', 'replace')`,
    );
    expect((await reportAll(database(), { gap: 240 })).sessions.computation?.mode).toBe('full');
  });
});

describeEachEngine('sessions stored apart, before Citus distributes the schema', ({ database }) => {
  it('become rows of report_session, and their table goes', async () => {
    await loadFixture(database(), {
      mapping: [[1, 100]],
      log: ['2019-08-26T10:00:00Z GET /campaigns/1 u-kept', '2019-08-26T11:00:00Z GET /campaigns/1 u-apart'],
    });
    const { sessions } = await reportAll(database());
    await appendLines(database(), 'http_log-1.txt', ['2019-08-26T11:01:00Z POST /rewards/100 u-apart']);
    await reportAll(database());
    const stored = () =>
      database().query(
        `SELECT user_id::text AS user_id, session_end, driven_rewards FROM report_session
         WHERE report_run_id = $1 ORDER BY user_id COLLATE "C"`,
        [sessions.result_run_id],
      );
    const before = await stored();
    expect(before).toHaveLength(2);
    expect(await recentSessions(database(), sessions)).toBe(1);
    const rolledBack = new Error('rolled back');
    const folded = await database()
      .transaction(async (tx) => {
        await tx.query('SELECT perx_fold_recent_sessions()');
        const [table] = await tx.query<{ recent: string | null }>(
          `SELECT to_regclass('report_session_recent')::text AS recent`,
        );
        expect(table?.recent).toBeNull();
        const [only] = await tx.query<{ sessions: number }>(
          'SELECT count(*)::integer AS sessions FROM ONLY report_session WHERE report_run_id = $1',
          [sessions.result_run_id],
        );
        expect(only?.sessions).toBe(2);
        expect(
          await tx.query(
            `SELECT user_id::text AS user_id, session_end, driven_rewards FROM report_session
             WHERE report_run_id = $1 ORDER BY user_id COLLATE "C"`,
            [sessions.result_run_id],
          ),
        ).toEqual(before);
        throw rolledBack;
      })
      .catch((error: unknown) => error);
    expect(folded).toBe(rolledBack);
    expect(await recentSessions(database(), sessions)).toBe(1);
  });
});

describe('chunks of a generated log', () => {
  it('cover every line once, with one chunk from the past', () => {
    const lines = Array.from({ length: 100 }, (_, index) => String(index));
    const chunks = chunksOf(lines);
    expect(chunks.flat().sort()).toEqual([...lines].sort());
    expect(chunks[3]?.every((line) => Number(line) < 50)).toBe(true);
  });
});
