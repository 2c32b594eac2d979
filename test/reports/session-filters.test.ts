import { beforeAll, describe, expect, it } from 'vitest';
import {
  campaignParamsSchema,
  campaignPerformance,
  computeAllReports,
  sessionPage,
  sessionParamsSchema,
  storedRunFor,
  type ReportRun,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { asJson, collect, loadFixture, type Fixture } from './fixture.js';
import { compareUserIds } from './session-oracle.js';
import { readReportSource } from '../../src/reports/named-sql.js';

/**
 * Sessions of users with numeric and other ids, for the campaign filter and the user order. All on
 * 2019-08-26 UTC. Campaigns 1 and 3 contain reward 100, campaign 2 reward 200.
 */
const fixture: Fixture = {
  mapping: [
    [1, 100],
    [2, 200],
    [3, 100],
  ],
  log: [
    // Views 1, driven by 1.
    '2019-08-26T10:00:00Z GET /campaigns/1 62675',
    '2019-08-26T10:01:00Z POST /rewards/100 62675',
    // Views 1 and 2, driven by 2 only: a session with a view of 1 that 1 did not drive.
    '2019-08-26T10:00:00Z GET /campaigns/1 5962379',
    '2019-08-26T10:00:30Z GET /campaigns/2 5962379',
    '2019-08-26T10:01:00Z POST /rewards/200 5962379',
    // Leading zeros: the number 7.
    '2019-08-26T10:00:00Z GET /campaigns/2 007',
    // The issue before the view: not driven.
    '2019-08-26T11:00:00Z POST /rewards/100 10',
    '2019-08-26T11:01:00Z GET /campaigns/1 10',
    // Views 3 and 1 before the issue: driven by both.
    '2019-08-26T12:00:00Z GET /campaigns/3 10',
    '2019-08-26T12:00:10Z GET /campaigns/1 10',
    '2019-08-26T12:01:00Z POST /rewards/100 10',
    '2019-08-26T10:00:00Z GET /campaigns/1 abc',
    '2019-08-26T10:00:00Z GET /home 9',
    // Leading zeros aside, 020 is 20: after 19, though "020" < "19" as text.
    '2019-08-26T10:00:00Z GET /home 020',
    '2019-08-26T10:00:00Z GET /home 19',
  ],
};

const listed = (rows: unknown) =>
  (rows as { user_id: string; session_start: string }[]).map(
    (row) => `${row.user_id} ${row.session_start.slice(11, 16)}`,
  );

describeEachEngine('session filters and order', ({ database }) => {
  let run: ReportRun | undefined;

  beforeAll(async () => {
    await loadFixture(database(), fixture);
    await computeAllReports(database());
    run = await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({}));
  });

  /** The same page computed from the log and read from the stored run: they must agree. */
  const page = async (input: Record<string, unknown>) => {
    const params = sessionParamsSchema.parse(input);
    const live = await sessionPage(database(), params);
    const stored = await sessionPage(database(), params, run);
    expect(asJson(stored)).toEqual(asJson(live));
    return { total: live.total, rows: listed(asJson(live.rows)) };
  };

  it('reads the stored run', () => {
    expect(run?.report).toBe('sessions');
  });

  it('sorts user ids that are digits as numbers, before the others', async () => {
    expect(await page({})).toEqual({
      total: 9,
      rows: [
        '007 10:00',
        '9 10:00',
        '10 11:00',
        '10 12:00',
        '19 10:00',
        '020 10:00',
        '62675 10:00',
        '5962379 10:00',
        'abc 10:00',
      ],
    });
    expect(await page({ sort: '-user_id' })).toEqual({
      total: 9,
      // Descending by user; one user's sessions still by start.
      rows: [
        'abc 10:00',
        '5962379 10:00',
        '62675 10:00',
        '020 10:00',
        '19 10:00',
        '10 11:00',
        '10 12:00',
        '9 10:00',
        '007 10:00',
      ],
    });
    // Ties on another key go by the same user order.
    expect((await page({ sort: 'session_start', limit: 5 })).rows).toEqual([
      '007 10:00',
      '9 10:00',
      '19 10:00',
      '020 10:00',
      '62675 10:00',
    ]);
  });

  describe('campaign', () => {
    it('keeps the sessions with a view of the campaign', async () => {
      expect(await page({ campaign: 1 })).toEqual({
        total: 5,
        rows: ['10 11:00', '10 12:00', '62675 10:00', '5962379 10:00', 'abc 10:00'],
      });
      expect(await page({ campaign: '2' })).toEqual({ total: 2, rows: ['007 10:00', '5962379 10:00'] });
      expect(await page({ campaign: 4 })).toEqual({ total: 0, rows: [] });
    });

    it('with driven, keeps the sessions where a view of that campaign drove an issue', async () => {
      // 5962379 viewed 1 and has a driven issue, but campaign 2 drove it.
      expect(await page({ campaign: 1, driven: true })).toEqual({
        total: 2,
        rows: ['10 12:00', '62675 10:00'],
      });
      expect(await page({ campaign: 2, driven: true })).toEqual({ total: 1, rows: ['5962379 10:00'] });
      expect(await page({ campaign: 3, driven: true })).toEqual({ total: 1, rows: ['10 12:00'] });
      // Without a campaign, any driven issue counts.
      expect(await page({ driven: true })).toEqual({
        total: 3,
        rows: ['10 12:00', '62675 10:00', '5962379 10:00'],
      });
    });

    it('combines with the user, the range and paging', async () => {
      expect(await page({ campaign: 1, user: '10' })).toEqual({ total: 2, rows: ['10 11:00', '10 12:00'] });
      expect(await page({ campaign: 1, tz: 'UTC', from: '2019-08-26T11:00' })).toEqual({
        total: 2,
        rows: ['10 11:00', '10 12:00'],
      });
      expect(await page({ campaign: 1, limit: 2, offset: 2 })).toEqual({
        total: 5,
        rows: ['62675 10:00', '5962379 10:00'],
      });
    });

    it('counts what the campaign report counts: sessions with a view, driven sessions', async () => {
      const campaigns = await collect(campaignPerformance(database(), campaignParamsSchema.parse({})));
      expect(campaigns.map((row) => [row.campaign_id, row.sessions_with_view, row.driven_sessions])).toEqual([
        [1, 5, 2],
        [2, 2, 1],
        [3, 1, 1],
      ]);
      for (const row of campaigns) {
        expect((await page({ campaign: row.campaign_id })).total).toBe(row.sessions_with_view);
        expect((await page({ campaign: row.campaign_id, driven: true })).total).toBe(row.driven_sessions);
      }
    });

    it('refuses an id that is not a whole number', () => {
      expect(sessionParamsSchema.safeParse({ campaign: 'eleven' }).success).toBe(false);
    });
  });

  describe('reward', () => {
    it('keeps the sessions that issued the reward, driven or not', async () => {
      // 10's 11:00 session issued 100 before its view: issued all the same.
      expect(await page({ reward: 100 })).toEqual({
        total: 3,
        rows: ['10 11:00', '10 12:00', '62675 10:00'],
      });
      expect(await page({ reward: '200' })).toEqual({ total: 1, rows: ['5962379 10:00'] });
      expect(await page({ reward: 300 })).toEqual({ total: 0, rows: [] });
    });

    it('with driven, keeps the sessions where a campaign view drove an issue of it', async () => {
      expect(await page({ reward: 100, driven: true })).toEqual({
        total: 2,
        rows: ['10 12:00', '62675 10:00'],
      });
      expect(await page({ reward: 200, driven: true })).toEqual({ total: 1, rows: ['5962379 10:00'] });
    });

    it('combines with the campaign: both must hold', async () => {
      expect(await page({ campaign: 1, reward: 100 })).toEqual({
        total: 3,
        rows: ['10 11:00', '10 12:00', '62675 10:00'],
      });
      // 007 and 5962379 viewed campaign 2; neither issued reward 100.
      expect(await page({ campaign: 2, reward: 100 })).toEqual({ total: 0, rows: [] });
      // 5962379 viewed 1 and issued 200, but the view of 2 drove that issue.
      expect(await page({ campaign: 1, reward: 200 })).toEqual({ total: 1, rows: ['5962379 10:00'] });
      expect(await page({ campaign: 1, reward: 200, driven: true })).toEqual({ total: 0, rows: [] });
      expect(await page({ campaign: 3, reward: 100, driven: true })).toEqual({
        total: 1,
        rows: ['10 12:00'],
      });
    });

    it('refuses an id that is not a whole number', () => {
      expect(sessionParamsSchema.safeParse({ reward: '1.5' }).success).toBe(false);
    });
  });
});

describeEachEngine('the user order of sessions', ({ database }) => {
  it('sorts like the listing’s definition: digit-only ids as numbers first, then the rest bytewise', async () => {
    const ids = [
      'abc',
      '1a',
      '7',
      '007',
      '0',
      '00',
      '19',
      '020',
      '9'.repeat(9),
      `1${'0'.repeat(9)}`,
      `0${'9'.repeat(9)}`,
      '9'.repeat(99),
      `1${'0'.repeat(99)}`,
      ' 7',
      'Z',
    ];
    // The expression the statements that store sessions fill report_session.user_order with.
    const userOrder = await readReportSource('session-user-order.sql');
    const rows = await database().query<{ user_id: string }>(
      `SELECT user_id FROM unnest($1::text[]) AS id (user_id) ORDER BY\n${userOrder}`,
      [ids],
    );
    const ordered = rows.map((row) => row.user_id);
    expect(ordered).toEqual([...ids].sort(compareUserIds));
  });
});
