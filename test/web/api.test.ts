import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  campaignColumns,
  campaignParamsSchema,
  campaignPerformance,
  engagementColumns,
  engagementParamsSchema,
  engagementPeaks,
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  weeklyColumns,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { cliOutput, hostileApp } from './support/web-fixture.js';

interface ErrorBody {
  error: string;
}

describeEachEngine('JSON API', ({ database, engine }) => {
  let app: Hono;
  beforeAll(async () => {
    app = await hostileApp(database());
  });

  const get = (path: string) => app.request(path);
  const json = async <T>(path: string, status = 200): Promise<T> => {
    const response = await get(path);
    const body = (await response.json()) as T;
    expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(status);
    return body;
  };

  describe('GET /healthz and /api/status', () => {
    it('answers ok with the database up', async () => {
      expect(await json('/healthz')).toEqual({ status: 'ok', engine: database().engine, database: 'ok' });
    });

    it('names the engine in words', async () => {
      // A PostgreSQL server of the tests is a single server; test/citus checks a cluster.
      const status = await json<{ engine: string }>('/api/status');
      expect(status.engine).toBe(engine === 'pglite' ? 'PGlite' : 'PostgreSQL');
    });

    it('reports the last ingest with per-file counts and every rejected line with its reason', async () => {
      const status = await json<{
        last_ingest_run: {
          outcome: string;
          rejected_lines: number;
          files: { file: string; lines: number; loaded: number; rejected: number }[];
          rejects: { file: string; line_number: number; raw: string; reason: string }[];
          data_loaded_at: string;
        };
        report_runs: Record<string, { row_count: number; current: boolean }>;
        row_counts: Record<string, number>;
      }>('/api/status');
      const run = status.last_ingest_run;
      expect(run.outcome).toBe('succeeded');
      expect(run.data_loaded_at).toMatch(/Z$/);
      expect(run.files.map((file) => [file.file, file.lines, file.loaded, file.rejected])).toEqual([
        ['campaign.csv', 2, 2, 0],
        ['reward_campaign.csv', 2, 2, 0],
        ['reward_transaction.csv', 7, 6, 1],
        ['campaign_reward_mapping.csv', 2, 2, 0],
        ['http_log.txt', 8, 7, 1],
      ]);
      expect(run.rejected_lines).toBe(2);
      expect(run.rejects.map((reject) => [reject.file, reject.line_number, reject.raw])).toEqual([
        ['http_log.txt', 8, '2019-08-26T12:30:00+00:00 GET /campaigns/1 <script>alert(3)</script> extra'],
        ['reward_transaction.csv', 8, '7,redeemed,not-a-date,10'],
      ]);
      expect(run.rejects[0]?.reason).toContain('wrong field count');
      expect(run.rejects[1]?.reason).toContain('bad timestamp');
      expect(Object.keys(status.report_runs).sort()).toEqual([
        'campaigns',
        'engagement',
        'sessions',
        'weekly',
      ]);
      expect(Object.values(status.report_runs).every((reportRun) => reportRun.current)).toBe(true);
      expect(status.report_runs.sessions?.row_count).toBe(4);
      expect(status.row_counts).toEqual({
        campaign: 2,
        reward_campaign: 2,
        reward_transaction: 6,
        campaign_reward_mapping: 2,
        http_log: 7,
      });
    });

    it('lists the rejected lines at /api/rejects and downloads every one', async () => {
      const body = await json<{ total: number; rows: { file: string; line_number: number }[] }>(
        '/api/rejects',
      );
      expect(body.total).toBe(2);
      expect(body.rows.map((reject) => `${reject.file}:${reject.line_number}`)).toEqual([
        'http_log.txt:8',
        'reward_transaction.csv:8',
      ]);
      const csv = await (await get('/api/rejects?format=csv')).text();
      expect(csv.split('\r\n')[0]).toBe('file,line_number,reason,raw');
      // The reason holds a comma, so RFC 4180 quotes it.
      expect(csv).toContain(
        'http_log.txt,8,"wrong field count: expected 4 (timestamp method path user_id), found 5",',
      );
      expect(csv).toContain('2019-08-26T12:30:00+00:00 GET /campaigns/1 <script>alert(3)</script> extra\r\n');
      const ndjson = await (await get('/api/rejects?format=ndjson')).text();
      expect(ndjson.trim().split('\n')).toHaveLength(2);
      expect((await json<ErrorBody>('/api/rejects?user=5', 400)).error).toContain('unknown parameter "user"');
    });

    it('lists only as many rejects as asked, and refuses a bad count', async () => {
      const status = await json<{ last_ingest_run: { rejects: unknown[]; rejected_lines: number } }>(
        '/api/status?rejects=1',
      );
      expect(status.last_ingest_run.rejects).toHaveLength(1);
      expect(status.last_ingest_run.rejected_lines).toBe(2);
      for (const bad of ['-1', '1001', 'all', '1;DROP TABLE ingest_reject']) {
        const body = await json<ErrorBody>(`/api/status?rejects=${encodeURIComponent(bad)}`, 400);
        expect(body.error).toMatch(/^rejects: /);
      }
    });
  });

  describe('GET /api/engagement', () => {
    it('gives the peaks per campaign, ties kept, from the stored run, and a campaign’s matrix', async () => {
      const body = await json<{ source: { stored: boolean }; rows: unknown[] }>('/api/engagement');
      expect(body.source.stored).toBe(true);
      // Campaign 1: two transactions at 11:04 and 11:30 UTC on 2019-08-12, both 19:00 in Singapore.
      // Campaign 2: 15:59:59 and 16:00:00 UTC on 2019-08-20 fall on two Singapore dates: a tie.
      expect(body.rows).toEqual([
        {
          campaign_id: 1,
          campaign_name: '<script>alert(1)</script>',
          no_of_transactions: 2,
          date: '2019-08-12',
          time: '19:00',
        },
        {
          campaign_id: 2,
          campaign_name: 'Quote " and, comma',
          no_of_transactions: 1,
          date: '2019-08-20',
          time: '23:00',
        },
        {
          campaign_id: 2,
          campaign_name: 'Quote " and, comma',
          no_of_transactions: 1,
          date: '2019-08-21',
          time: '00:00',
        },
      ]);
      const matrix = await json<{
        params: { campaign: number };
        total: number;
        rows: { date: string; hour: number; no_of_transactions: number }[];
      }>('/api/engagement/matrix?campaign=1&limit=1000');
      expect(matrix.params.campaign).toBe(1);
      // Every hour of every date from 2019-08-12 to 2019-08-26 (Singapore), 15 dates.
      expect(matrix.total).toBe(15 * 24);
      expect(matrix.rows).toHaveLength(15 * 24);
      const busy = matrix.rows.filter((cell) => cell.no_of_transactions > 0);
      expect(busy).toEqual([
        { date: '2019-08-12', hour: 19, no_of_transactions: 2 },
        { date: '2019-08-13', hour: 10, no_of_transactions: 1 },
        { date: '2019-08-26', hour: 11, no_of_transactions: 1 },
      ]);
    });

    it('filters by campaign and computes a range live; an empty range has no rows', async () => {
      const campaign = await json<{ rows: { campaign_id: number }[] }>('/api/engagement?campaign=2');
      expect(campaign.rows.map((row) => row.campaign_id)).toEqual([2, 2]);
      const ranged = await get('/api/engagement?from=2019-08-21&to=2019-08-21');
      expect(ranged.headers.get('x-perx-report-source')).toBe('computed');
      const rangedBody = (await ranged.json()) as { source: { stored: boolean }; rows: { date: string }[] };
      expect(rangedBody.source.stored).toBe(false);
      expect(rangedBody.rows).toEqual([
        expect.objectContaining({ campaign_id: 2, date: '2019-08-21', time: '00:00' }),
      ]);
      const empty = await json<{ total: number; rows: unknown[] }>(
        '/api/engagement?from=2020-01-01&to=2020-01-31',
      );
      expect(empty).toMatchObject({ total: 0, rows: [] });
      const emptyMatrix = await json<{ total: number; rows: unknown[] }>(
        '/api/engagement/matrix?from=2020-01-01&to=2020-01-31',
      );
      expect(emptyMatrix).toMatchObject({ total: 0, rows: [] });
    });

    it('reads the range in the time zone asked for', async () => {
      // In UTC the 2019-08-20 15:59:59 and 16:00:00 transactions share 2019-08-20 and the 15:00/16:00 hours.
      const body = await json<{ rows: { date: string; time: string }[] }>(
        '/api/engagement?tz=UTC&campaign=2&from=2019-08-20&to=2019-08-20',
      );
      expect(body.rows.map((row) => `${row.date} ${row.time}`)).toEqual([
        '2019-08-20 15:00',
        '2019-08-20 16:00',
      ]);
    });

    it('downloads the peaks in every format exactly as the CLI writes them', async () => {
      for (const format of ['csv', 'ndjson'] as const) {
        for (const query of ['', '&campaign=2', '&from=2019-08-12&to=2019-08-20&tz=UTC']) {
          const response = await get(`/api/engagement?format=${format}${query}`);
          expect(response.status).toBe(200);
          expect(response.headers.get('content-disposition')).toBe(
            `attachment; filename="engagement.${format}"`,
          );
          const params = engagementParamsSchema.parse(Object.fromEntries(new URLSearchParams(query)));
          expect(await response.text()).toBe(
            await cliOutput(engagementPeaks(database(), params), engagementColumns, format, params.tz),
          );
        }
      }
      const csv = await (await get('/api/engagement?format=csv')).text();
      expect(csv).toBe(
        'campaign_id,campaign_name,no_of_transactions,date,time\r\n' +
          '1,<script>alert(1)</script>,2,2019-08-12,19:00\r\n' +
          '2,"Quote "" and, comma",1,2019-08-20,23:00\r\n' +
          '2,"Quote "" and, comma",1,2019-08-21,00:00\r\n',
      );
    });
  });

  describe('GET /api/weekly', () => {
    it('counts redeemed transactions per Singapore week, an empty week with 0, changes on the calendar week', async () => {
      const body = await json<{ source: { stored: boolean }; rows: unknown[] }>('/api/weekly');
      expect(body.source.stored).toBe(true);
      expect(body.rows).toEqual([
        // Two redeemed on Monday 2019-08-12; the issued one on the 13th does not count.
        {
          reward_campaign_id: 10,
          reward_name: '<img src=x onerror=alert(2)>',
          week: '2019-08-12',
          reward_redeemed_count: 2,
          percentage_difference: null,
        },
        {
          reward_campaign_id: 10,
          reward_name: '<img src=x onerror=alert(2)>',
          week: '2019-08-19',
          reward_redeemed_count: 0,
          percentage_difference: -100,
        },
        {
          reward_campaign_id: 10,
          reward_name: '<img src=x onerror=alert(2)>',
          week: '2019-08-26',
          reward_redeemed_count: 1,
          percentage_difference: null,
        },
        {
          reward_campaign_id: 20,
          reward_name: 'Plain reward',
          week: '2019-08-19',
          reward_redeemed_count: 2,
          percentage_difference: null,
        },
      ]);
    });

    it('picks weeks by date and starts weeks on Sunday when asked', async () => {
      const picked = await json<{ source: { stored: boolean }; rows: { week: string }[] }>(
        '/api/weekly?from=2019-08-20&to=2019-08-27',
      );
      expect(picked.source.stored).toBe(true);
      expect(picked.rows.map((row) => row.week)).toEqual(['2019-08-19', '2019-08-26', '2019-08-19']);
      const sunday = await json<{ source: { stored: boolean }; rows: { week: string }[] }>(
        '/api/weekly?week_start=sunday',
      );
      expect(sunday.source.stored).toBe(false);
      // 2019-08-20 23:59:59 and 2019-08-21 00:00:00 in Singapore are in the week of Sunday 2019-08-18.
      expect(sunday.rows.map((row) => row.week)).toEqual([
        '2019-08-11',
        '2019-08-18',
        '2019-08-25',
        '2019-08-18',
      ]);
    });

    it('downloads in every format exactly as the CLI writes them', async () => {
      for (const format of ['csv', 'ndjson'] as const) {
        const response = await get(`/api/weekly?format=${format}&week_start=sunday`);
        expect(response.headers.get('content-type')).toContain(format === 'csv' ? 'text/csv' : 'json');
        expect(await response.text()).toBe(
          await cliOutput(
            weeklyRedemptions(database(), weeklyParamsSchema.parse({ weekStart: 'sunday' })),
            weeklyColumns,
            format,
            'Asia/Singapore',
          ),
        );
      }
    });
  });

  describe('GET /api/sessions', () => {
    interface SessionList {
      source: { stored: boolean; kind: 'all' | 'live' | null; report_run_id: number | null };
      total: number;
      limit: number;
      offset: number;
      rows: { user_id: string; session_start: string; reward_driven_by_campaign_view: boolean }[];
    }

    it('lists sessions with a total: a gap of exactly 300 s splits, the driven one marked', async () => {
      const body = await json<SessionList>('/api/sessions');
      expect(body.source.stored).toBe(true);
      expect(body).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(body.rows).toEqual([
        {
          user_id: '1001',
          session_start: '2019-08-26T18:00:00+08:00',
          session_end: '2019-08-26T18:01:00+08:00',
          campaigns: [1],
          rewards_issued: [100],
          reward_driven_by_campaign_view: true,
          driven_rewards: [100],
        },
        {
          // 10:06:00 is 300 s after 10:01:00; the reward maps to campaign 1, not the campaign 2 viewed here.
          user_id: '1001',
          session_start: '2019-08-26T18:06:00+08:00',
          session_end: '2019-08-26T18:06:00+08:00',
          campaigns: [2],
          rewards_issued: [100],
          reward_driven_by_campaign_view: false,
          driven_rewards: [],
        },
        {
          // The reward came before the view.
          user_id: '1002',
          session_start: '2019-08-26T19:00:00+08:00',
          session_end: '2019-08-26T19:00:30+08:00',
          campaigns: [2],
          rewards_issued: [200],
          reward_driven_by_campaign_view: false,
          driven_rewards: [],
        },
        {
          user_id: '<i>x</i>',
          session_start: '2019-08-26T20:00:00+08:00',
          session_end: '2019-08-26T20:00:00+08:00',
          campaigns: [1],
          rewards_issued: [],
          reward_driven_by_campaign_view: false,
          driven_rewards: [],
        },
      ]);
    });

    it('pages, sorts and filters; the total counts every match', async () => {
      const page = await json<SessionList>('/api/sessions?limit=1&offset=1&sort=-session_start');
      expect(page).toMatchObject({ total: 4, limit: 1, offset: 1 });
      expect(page.rows.map((row) => row.session_start)).toEqual(['2019-08-26T19:00:00+08:00']);
      const past = await json<SessionList>('/api/sessions?limit=2&offset=10');
      expect(past).toMatchObject({ total: 4, rows: [] });
      const driven = await json<SessionList>('/api/sessions?driven=true');
      expect(driven.total).toBe(1);
      expect(driven.rows[0]?.user_id).toBe('1001');
      const user = await json<SessionList>(`/api/sessions?user=${encodeURIComponent('<i>x</i>')}`);
      expect(user.rows.map((row) => row.user_id)).toEqual(['<i>x</i>']);
      // 2019-08-26 19:00 Singapore is 11:00 UTC: only the sessions starting at or after it.
      const ranged = await json<SessionList>('/api/sessions?from=2019-08-26T19:00');
      expect(ranged.rows.map((row) => row.user_id)).toEqual(['1002', '<i>x</i>']);
    });

    it('computes live when the gap differs from the stored run', async () => {
      const body = await json<SessionList>('/api/sessions?gap=301');
      // Computed once into a stored live run, which the next page and downloads reuse.
      expect(body.source).toMatchObject({ stored: true, kind: 'live' });
      const again = await json<SessionList>('/api/sessions?gap=301&offset=1');
      expect(again.source.report_run_id).toBe(body.source.report_run_id);
      expect(again.rows).toEqual(body.rows.slice(1));
      // With a 301 s gap, user 1001's requests 300 s apart stay in one session.
      expect(body.total).toBe(3);
      expect(body.rows[0]).toMatchObject({ user_id: '1001', reward_driven_by_campaign_view: true });
    });

    it('downloads every matching session, unpaged unless limit is given, exactly as the CLI writes them', async () => {
      for (const format of ['csv', 'ndjson'] as const) {
        for (const query of ['', '&driven=true', '&sort=-duration&limit=2', '&gap=301']) {
          const response = await get(`/api/sessions?format=${format}${query}`);
          expect(response.status).toBe(200);
          const params = sessionParamsSchema.parse(Object.fromEntries(new URLSearchParams(query)));
          expect(await response.text()).toBe(
            await cliOutput(sessionRows(database(), params), sessionColumns, format, params.tz),
          );
        }
      }
      const csv = await (await get('/api/sessions?format=csv')).text();
      expect(csv.split('\r\n')).toHaveLength(1 + 4 + 1);
      // On the configured zone's clock, Asia/Singapore: 10:00Z is 18:00 there.
      expect(csv).toContain(
        '1001,2019-08-26T18:00:00+08:00,2019-08-26T18:01:00+08:00,[1],[100],true,[100]\r\n',
      );
      // In New York (EDT, -04:00) 10:00Z is 06:00, and with tz=UTC the instant itself, with Z.
      const newYork = await (await get('/api/sessions?format=csv&tz=America/New_York')).text();
      expect(newYork).toContain(
        '1001,2019-08-26T06:00:00-04:00,2019-08-26T06:01:00-04:00,[1],[100],true,[100]\r\n',
      );
      const utc = await (await get('/api/sessions?format=ndjson&tz=UTC&limit=1')).text();
      expect(JSON.parse(utc)).toMatchObject({
        session_start: '2019-08-26T10:00:00Z',
        session_end: '2019-08-26T10:01:00Z',
      });
      const limited = await (await get('/api/sessions?format=ndjson&limit=1')).text();
      expect(limited.trim().split('\n')).toHaveLength(1);
    });
  });

  describe('GET /api/sessions/:user_id/:session_start', () => {
    it('gives the session’s requests in order, marking which view drove which reward', async () => {
      const body = await json<{ session: { user_id: string }; total: number; rows: unknown[] }>(
        '/api/sessions/1001/2019-08-26T10:00:00.000Z',
      );
      expect(body.session.user_id).toBe('1001');
      expect(body.total).toBe(2);
      expect(body.rows).toEqual([
        expect.objectContaining({
          seq: 1,
          kind: 'view',
          campaign_id: 1,
          drove: true,
          http_path: '/campaigns/1',
        }),
        expect.objectContaining({
          seq: 2,
          kind: 'issue',
          reward_id: 100,
          driven_by: [1],
          driving_view_seq: 1,
          requested_at: '2019-08-26T18:01:00+08:00',
        }),
      ]);
    });

    it('downloads the timeline one request per row', async () => {
      const csv = await (await get('/api/sessions/1001/2019-08-26T10:00:00.000Z?format=csv')).text();
      expect(csv).toBe(
        'seq,requested_at,http_method,http_path,kind,campaign_id,reward_id,driven_by,driving_view_seq,drove\r\n' +
          '1,2019-08-26T18:00:00+08:00,GET,/campaigns/1,view,1,,[],,true\r\n' +
          '2,2019-08-26T18:01:00+08:00,POST,/rewards/100,issue,,100,[1],1,false\r\n',
      );
      // The zone is the page's: tz=America/New_York writes EDT (-04:00), tz=UTC the instant with Z.
      const newYork = await (
        await get('/api/sessions/1001/2019-08-26T10:00:00.000Z?format=csv&tz=America/New_York')
      ).text();
      expect(newYork.split('\r\n')[2]).toBe(
        '2,2019-08-26T06:01:00-04:00,POST,/rewards/100,issue,,100,[1],1,false',
      );
      const utc = await json<{ session: { session_start: string }; rows: { requested_at: string }[] }>(
        `/api/sessions/1001/${encodeURIComponent('2019-08-26T18:00:00+08:00')}?tz=UTC`,
      );
      expect(utc.session.session_start).toBe('2019-08-26T10:00:00Z');
      expect(utc.rows.map((request) => request.requested_at)).toEqual([
        '2019-08-26T10:00:00Z',
        '2019-08-26T10:01:00Z',
      ]);
      const response = await get('/api/sessions/1001/2019-08-26T10:00:00.000Z?format=ndjson');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="session-timeline.ndjson"',
      );
    });

    it('finds a user id that is HTML, encoded in the path', async () => {
      const body = await json<{ session: { user_id: string } }>(
        `/api/sessions/${encodeURIComponent('<i>x</i>')}/${encodeURIComponent('2019-08-26T12:00:00Z')}`,
      );
      expect(body.session.user_id).toBe('<i>x</i>');
    });

    it('answers 404 for no such session and 400 for a malformed instant, user or gap', async () => {
      const missing = await json<ErrorBody>('/api/sessions/1001/2019-08-26T10:00:01.000Z', 404);
      expect(missing.error).toContain('no session starting at');
      expect((await json<ErrorBody>('/api/sessions/1001/yesterday', 400)).error).toMatch(/^session_start: /);
      expect((await json<ErrorBody>('/api/sessions/1001/2019-08-26', 400)).error).toMatch(/^session_start: /);
      expect((await json<ErrorBody>('/api/sessions/1001/2019-08-26T10:00:00Z?gap=-5', 400)).error).toMatch(
        /^gap: /,
      );
      const injected = await json<ErrorBody>(
        `/api/sessions/${encodeURIComponent("1' OR '1'='1")}/2019-08-26T10:00:00Z`,
        400,
      );
      expect(injected.error).toMatch(/^user_id: /);
    });
  });

  describe('GET /api/campaigns', () => {
    it('gives each campaign’s views against the sessions it drove', async () => {
      const body = await json<{ source: { stored: boolean }; rows: unknown[] }>('/api/campaigns');
      expect(body.source.stored).toBe(true);
      expect(body.rows).toEqual([
        {
          campaign_id: 1,
          views: 2,
          unique_viewers: 2,
          sessions_with_view: 2,
          driven_issues: 1,
          driven_sessions: 1,
          conversion: 0.5,
        },
        {
          campaign_id: 2,
          views: 2,
          unique_viewers: 2,
          sessions_with_view: 2,
          driven_issues: 0,
          driven_sessions: 0,
          conversion: 0,
        },
      ]);
      const ranged = await json<{ source: { stored: boolean }; rows: { campaign_id: number }[] }>(
        '/api/campaigns?from=2019-08-26T19:00',
      );
      // A range is answered from the stored sessions of the same gap.
      expect(ranged.source).toMatchObject({ stored: true, kind: 'all' });
      expect(ranged.rows.map((row) => row.campaign_id)).toEqual([1, 2]);
    });

    it('downloads in every format exactly as the CLI writes them', async () => {
      for (const format of ['csv', 'ndjson'] as const) {
        const response = await get(`/api/campaigns?format=${format}&gap=600`);
        expect(await response.text()).toBe(
          await cliOutput(
            campaignPerformance(database(), campaignParamsSchema.parse({ gap: '600' })),
            campaignColumns,
            format,
            'Asia/Singapore',
          ),
        );
      }
    });
  });

  describe('bad and hostile parameters', () => {
    const cases: [path: string, parameter: string][] = [
      ['/api/sessions?limit=-1', 'limit'],
      ['/api/sessions?limit=1001', 'limit'],
      ['/api/sessions?limit=99999999999999999999', 'limit'],
      ['/api/sessions?limit=1e3', 'limit'],
      ['/api/sessions?offset=-1', 'offset'],
      ['/api/sessions?gap=0', 'gap'],
      ['/api/sessions?sort=user_id%3BDROP%20TABLE%20http_log', 'sort'],
      ['/api/sessions?driven=maybe', 'driven'],
      ['/api/sessions?user=1%27%20OR%20%271%27%3D%271', 'user'],
      ['/api/sessions?user=x%27%3B%20DROP%20TABLE%20http_log%3B--', 'user'],
      ['/api/sessions?from=2019-02-30', 'from'],
      ['/api/sessions?to=yesterday', 'to'],
      ['/api/sessions?from=2019-08-26T10:00:00%2B08:00', 'from'],
      ['/api/sessions?from=2019-08-27&to=2019-08-26', 'from'],
      ['/api/sessions?tz=Mars%2FOlympus_Mons', 'tz'],
      ['/api/sessions?tz=%2B08:00', 'tz'],
      ['/api/engagement?campaign=1%3BDROP%20TABLE%20campaign', 'campaign'],
      ['/api/engagement?campaign=1%20OR%201%3D1', 'campaign'],
      ['/api/engagement?campaign=9223372036854775808', 'campaign'],
      ['/api/engagement?from=2019-13-01', 'from'],
      ['/api/engagement?tz=Asia%2FSingapore%27--', 'tz'],
      ['/api/weekly?week_start=friday', 'week_start'],
      ['/api/weekly?from=2019-08-20T10:00', 'from'],
      ['/api/weekly?from=2019-09-01&to=2019-08-01', 'from'],
      ['/api/campaigns?gap=abc', 'gap'],
      ['/api/campaigns?to=2019-08-26%27%3B--', 'to'],
      ['/api/campaigns?format=xml', 'format'],
      ['/api/weekly?format=table', 'format'],
      ['/api/sessions?drivn=true', 'drivn'],
      ['/api/engagement?gap=10', 'gap'],
      ['/api/engagement?format=json', 'format'],
      ['/api/sessions?limit=10&limit=5000', 'limit'],
    ];

    it.each(cases)('%s -> 400 naming %s', async (path, parameter) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as ErrorBody;
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toContain(parameter);
    });

    it('leaves every table as it was', async () => {
      const status = await json<{ row_counts: Record<string, number> }>('/api/status');
      expect(status.row_counts).toEqual({
        campaign: 2,
        reward_campaign: 2,
        reward_transaction: 6,
        campaign_reward_mapping: 2,
        http_log: 7,
      });
    });

    it('answers unknown API paths with a JSON 404', async () => {
      const body = await json<ErrorBody>('/api/nothing-here', 404);
      expect(body.error).toContain('/api/nothing-here');
    });
  });
});
