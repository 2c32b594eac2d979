import { beforeAll, describe, expect, it } from 'vitest';
import {
  sessionPage,
  sessionParamsSchema,
  sessionRows,
  sessionTimeline,
  sessionTimelineParamsSchema,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { asJson, collect, loadFixture } from './fixture.js';
import { expectedSessions, sessionsFixture } from './sessions-fixture.js';

const startsOf = (rows: unknown) =>
  (rows as { user_id: string; session_start: string }[]).map(
    (row) => `${row.user_id} ${row.session_start.slice(11, 19)}`,
  );

describeEachEngine('sessions report', ({ database }) => {
  const sessions = async (input: Record<string, unknown>) =>
    asJson(await collect(sessionRows(database(), sessionParamsSchema.parse(input))));

  beforeAll(() => loadFixture(database(), sessionsFixture));

  it('splits, orders and marks driven rewards as worked out by hand', async () => {
    expect(await sessions({})).toEqual(expectedSessions);
  });

  it('splits at a gap of exactly --gap seconds and not one second less', async () => {
    expect(startsOf(await sessions({ user: 'u-gap', gap: 299 }))).toEqual([
      'u-gap 10:00:00',
      'u-gap 10:04:59',
      'u-gap 10:09:59',
      'u-gap 10:15:00',
    ]);
    expect(startsOf(await sessions({ user: 'u-gap', gap: 301 }))).toEqual([
      'u-gap 10:00:00',
      'u-gap 10:15:00',
    ]);
    expect(startsOf(await sessions({ user: 'u-gap', gap: 302 }))).toEqual(['u-gap 10:00:00']);
  });

  it('filters by user and by driven sessions', async () => {
    expect(await sessions({ user: 'u-offset' })).toEqual(
      expectedSessions.filter((s) => s.user_id === 'u-offset'),
    );
    expect(await sessions({ driven: true })).toEqual(
      expectedSessions.filter((s) => s.reward_driven_by_campaign_view),
    );
    expect(await sessions({ user: 'nobody' })).toEqual([]);
  });

  it('filters on session_start, local to the zone, both ends included', async () => {
    expect(
      startsOf(await sessions({ tz: 'UTC', from: '2019-08-26T10:09:59', to: '2019-08-26T10:15:00' })),
    ).toEqual(['u-gap 10:09:59', 'u-gap 10:15:00']);
    // 18:09:59 to 18:15 in Singapore is the same span.
    expect(await sessions({ from: '2019-08-26T18:09:59', to: '2019-08-26T18:15' })).toEqual(
      await sessions({ tz: 'UTC', from: '2019-08-26T10:09:59', to: '2019-08-26T10:15:00' }),
    );
  });

  it('leaves out a session that started before --from, however long it runs on', async () => {
    // u-chain runs 09:00 to 09:20 in steps of 200 s; from 09:15 only its tail is in range.
    expect(await sessions({ tz: 'UTC', user: 'u-chain', from: '2019-08-26T09:15' })).toEqual([]);
    expect(await sessions({ tz: 'UTC', user: 'u-chain', from: '2019-08-26T09:00' })).toEqual(
      expectedSessions.filter((s) => s.user_id === 'u-chain'),
    );
    expect(startsOf(await sessions({ tz: 'UTC', from: '2019-08-26T18:00' }))).toEqual(['u-multi 18:00:00']);
  });

  it('sorts by a whitelisted key, ties broken by user and start', async () => {
    expect(startsOf(await sessions({ sort: '-session_start', limit: 3 }))).toEqual([
      'u-multi 18:00:00',
      'u-offset 17:10:00',
      // Two sessions start at 17:00:00: the tie goes by user id.
      'u-offset 17:00:00',
    ]);
    expect(startsOf(await sessions({ sort: '-duration', limit: 2 }))).toEqual([
      'u-chain 09:00:00',
      'u-bridge 15:00:00',
    ]);
    expect(startsOf(await sessions({ sort: '-rewards_issued', limit: 2 }))).toEqual([
      'u-repeat 12:00:00',
      'u-unsorted 17:00:00',
    ]);
    expect(startsOf(await sessions({ sort: '-driven_rewards', limit: 2 }))).toEqual([
      'u-repeat 12:00:00',
      'u-unsorted 17:00:00',
    ]);
    expect(startsOf(await sessions({ sort: 'campaigns', limit: 1 }))).toEqual(['u-gap 10:15:00']);
    expect(startsOf(await sessions({ sort: '-campaigns', limit: 3 }))).toEqual([
      'u-gap 10:00:00',
      'u-multi 18:00:00',
      'u-unsorted 17:00:00',
    ]);
    expect(startsOf(await sessions({ sort: 'session_end', limit: 2 }))).toEqual([
      'u-chain 09:00:00',
      'u-gap 10:00:00',
    ]);
    expect(startsOf(await sessions({ sort: '-user_id', limit: 2 }))).toEqual([
      'u-wrong-campaign 14:00:00',
      'u-unsorted 17:00:00',
    ]);
    expect(startsOf(await sessions({ sort: '-reward_driven_by_campaign_view', limit: 2 }))).toEqual([
      'u-bridge 15:00:00',
      'u-multi 18:00:00',
    ]);
    expect(startsOf(await sessions({ sort: 'reward_driven_by_campaign_view', limit: 1 }))).toEqual([
      'u-before 11:00:00',
    ]);
  });

  it('pages with a total count of the matching sessions', async () => {
    const page = async (input: Record<string, unknown>) => {
      const result = await sessionPage(database(), sessionParamsSchema.parse(input));
      return { total: result.total, rows: startsOf(asJson(result.rows)) };
    };
    expect(await page({ limit: 2, offset: 3 })).toEqual({
      total: 14,
      rows: ['u-gap 10:00:00', 'u-gap 10:09:59'],
    });
    expect(await page({ limit: 5, offset: 12 })).toEqual({
      total: 14,
      rows: ['u-unsorted 17:00:00', 'u-wrong-campaign 14:00:00'],
    });
    expect(await page({ limit: 5, offset: 14 })).toEqual({ total: 14, rows: [] });
    expect(await page({ driven: true, limit: 2 })).toEqual({
      total: 6,
      rows: ['u-bridge 15:00:00', 'u-multi 18:00:00'],
    });
    expect(await page({ user: 'u-gap' })).toEqual({
      total: 3,
      rows: ['u-gap 10:00:00', 'u-gap 10:09:59', 'u-gap 10:15:00'],
    });
    expect(await page({ user: 'nobody', limit: 10 })).toEqual({ total: 0, rows: [] });
  });

  describe('timeline', () => {
    const timeline = async (user: string, start: string, gap?: number) =>
      asJson(await sessionTimeline(database(), sessionTimelineParamsSchema.parse({ user, start, gap })));

    it('lists the requests in order and says which view drove which issue', async () => {
      expect(await timeline('u-repeat', '2019-08-26T12:00:00.000Z')).toEqual({
        session: expectedSessions.find((s) => s.user_id === 'u-repeat'),
        requests: [
          {
            seq: 1,
            requested_at: '2019-08-26T12:00:00.000Z',
            http_method: 'POST',
            http_path: '/rewards/100',
            kind: 'issue',
            campaign_id: null,
            reward_id: 100,
            driven_by: [],
            driving_view_seq: null,
            drove: false,
          },
          {
            seq: 2,
            requested_at: '2019-08-26T12:01:00.000Z',
            http_method: 'GET',
            http_path: '/campaigns/1',
            kind: 'view',
            campaign_id: 1,
            reward_id: null,
            driven_by: [],
            driving_view_seq: null,
            drove: true,
          },
          {
            seq: 3,
            requested_at: '2019-08-26T12:02:00.000Z',
            http_method: 'POST',
            http_path: '/rewards/100',
            kind: 'issue',
            campaign_id: null,
            reward_id: 100,
            driven_by: [1],
            driving_view_seq: 2,
            drove: false,
          },
          {
            seq: 4,
            requested_at: '2019-08-26T12:03:00.000Z',
            http_method: 'POST',
            http_path: '/rewards/100',
            kind: 'issue',
            campaign_id: null,
            reward_id: 100,
            driven_by: [1],
            driving_view_seq: 2,
            drove: false,
          },
        ],
        requestCount: 4,
      });
    });

    it('pages the requests by seq, with the count of all of them', async () => {
      const params = sessionTimelineParamsSchema.parse({
        user: 'u-repeat',
        start: '2019-08-26T12:00:00.000Z',
      });
      const page = async (limit: number, offset: number) => {
        const found = await sessionTimeline(database(), params, { limit, offset });
        return { seqs: found?.requests.map((request) => request.seq), count: found?.requestCount };
      };
      expect(await page(3, 0)).toEqual({ seqs: [1, 2, 3], count: 4 });
      expect(await page(3, 3)).toEqual({ seqs: [4], count: 4 });
      expect(await page(2, 2)).toEqual({ seqs: [3, 4], count: 4 });
      expect(await page(2, 4)).toEqual({ seqs: [], count: 4 });
    });

    it('names every driving campaign in order of its first view, and a same-second view after the issue', async () => {
      const multi = (await timeline('u-multi', '2019-08-26T18:00:00Z')) as {
        requests: {
          seq: number;
          kind: string;
          driven_by: number[];
          driving_view_seq: number | null;
          drove: boolean;
        }[];
      };
      expect(
        multi.requests.map(({ seq, kind, driven_by, driving_view_seq, drove }) => ({
          seq,
          kind,
          driven_by,
          driving_view_seq,
          drove,
        })),
      ).toEqual([
        { seq: 1, kind: 'view', driven_by: [], driving_view_seq: null, drove: true },
        { seq: 2, kind: 'view', driven_by: [], driving_view_seq: null, drove: true },
        { seq: 3, kind: 'issue', driven_by: [3, 1], driving_view_seq: 1, drove: false },
      ]);
      const sameSecond = (await timeline('u-same-second', '2019-08-26T21:00:00+08:00')) as typeof multi;
      expect(
        sameSecond.requests.map(({ seq, kind, driven_by, driving_view_seq, drove }) => ({
          seq,
          kind,
          driven_by,
          driving_view_seq,
          drove,
        })),
      ).toEqual([
        { seq: 1, kind: 'issue', driven_by: [2], driving_view_seq: 2, drove: false },
        { seq: 2, kind: 'view', driven_by: [], driving_view_seq: null, drove: true },
      ]);
    });

    it('marks other paths as plain activity', async () => {
      const paths = (await timeline('u-paths', '2019-08-26T16:00:00Z')) as {
        requests: { kind: string; campaign_id: number | null; reward_id: number | null }[];
      };
      expect(paths.requests.map((request) => [request.kind, request.campaign_id, request.reward_id])).toEqual(
        [
          ['other', null, null],
          ['other', null, null],
          ['other', null, null],
          ['other', null, null],
          ['other', null, null],
          ['view', 1, null],
          ['other', null, null],
        ],
      );
    });

    it('finds no session at another instant, for another user or with another gap', async () => {
      expect(
        await sessionTimeline(
          database(),
          sessionTimelineParamsSchema.parse({ user: 'u-gap', start: '2019-08-26T10:04:59Z' }),
        ),
      ).toBeUndefined();
      expect(
        await sessionTimeline(
          database(),
          sessionTimelineParamsSchema.parse({ user: 'u-multi', start: '2019-08-26T10:00:00Z' }),
        ),
      ).toBeUndefined();
      const split = await sessionTimeline(
        database(),
        sessionTimelineParamsSchema.parse({ user: 'u-gap', start: '2019-08-26T10:04:59Z', gap: 299 }),
      );
      expect(split?.requests.map((request) => request.http_path)).toEqual(['/campaigns/1']);
    });
  });
});
