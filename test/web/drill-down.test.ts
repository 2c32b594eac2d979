import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { hostileApp } from './support/web-fixture.js';

/**
 * Drill-down, sorting and paging on the hostile fixture (test/web/fixtures/hostile), worked out by hand.
 * Its sessions (gap 300 s): 1001 at 10:00 UTC viewed 1 and issued 100, driven by 1; 1001 at 10:06
 * viewed 2 and issued 100, not driven (100 is campaign 1's); 1002 at 11:00 issued 200 before viewing 2,
 * not driven; <i>x</i> at 12:00 viewed 1. Its transactions, in Singapore time: campaign 1 (reward 10)
 * 08-12 19:04 and 19:30 redeemed, 08-13 10:00 issued, 08-26 11:00 redeemed; campaign 2 (reward 20)
 * 08-20 23:59:59 and 08-21 00:00 redeemed.
 */
describeEachEngine('dashboard drill-down', ({ database }) => {
  let app: Hono;
  beforeAll(async () => {
    app = await hostileApp(database());
  });

  const page = async (path: string, status = 200): Promise<string> => {
    const response = await app.request(path);
    const body = await response.text();
    expect(response.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
    // Line breaks and indentation between and inside tags are the template's layout, not the page's.
    return body.replace(/\s+/g, ' ').replace(/>\s+</g, '><').replace(/\s+>/g, '>');
  };
  const json = async <T>(path: string): Promise<T> => {
    const response = await app.request(path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  /** The text of each body row's first cell (its row header). */
  const firstCells = (body: string, table: string) => {
    const tbody =
      body
        .slice(body.indexOf(`<table id="${table}">`))
        .split('<tbody>')[1]
        ?.split('</tbody>')[0] ?? '';
    return [...tbody.matchAll(/<tr>\s*<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((match) =>
      (match[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    );
  };

  describe('sessions of a reward', () => {
    it('answers the API with the sessions that issued it, or where a campaign view drove it', async () => {
      const users = async (query: string) => {
        const body = await json<{ total: number; rows: { user_id: string }[]; params: { reward: unknown } }>(
          `/api/sessions?${query}`,
        );
        return { total: body.total, users: body.rows.map((row) => row.user_id), reward: body.params.reward };
      };
      // 1001 issued 100 at 10:00 (driven by 1) and at 10:06 (not driven); 1002 issued 200, not driven.
      expect(await users('reward=100')).toEqual({ total: 2, users: ['1001', '1001'], reward: 100 });
      expect(await users('reward=100&driven=true')).toEqual({ total: 1, users: ['1001'], reward: 100 });
      expect(await users('reward=200')).toEqual({ total: 1, users: ['1002'], reward: 200 });
      expect(await users('reward=200&driven=true')).toEqual({ total: 0, users: [], reward: 200 });
      expect(await users('reward=100&campaign=2')).toEqual({ total: 1, users: ['1001'], reward: 100 });
      expect((await app.request('/api/sessions?reward=a100')).status).toBe(400);
    });

    it('links every issued reward to its sessions, which name it and lead back', async () => {
      const sessions = await page('/sessions');
      expect(sessions).toContain('<a href="/sessions?reward=100&amp;back=%2Fsessions">100</a>');
      expect(sessions).toContain('<a href="/sessions?reward=200&amp;back=%2Fsessions">200</a>');
      const ofReward = await page('/sessions?reward=100&back=%2Fsessions');
      expect(ofReward).toContain('<li><a href="/sessions">Sessions</a></li>');
      expect(ofReward).toContain('<li aria-current="page">Sessions that issued reward 100</li>');
      expect(ofReward).toContain('Sessions 1–2 of 2');
      const driven = await page('/sessions?reward=100&driven=true');
      expect(driven).toContain('Sessions where a campaign view drove an issue of reward 100');
      expect(driven).toContain('Sessions 1–1 of 1');
    });
  });

  describe('filters and breadcrumbs', () => {
    it('keeps the page a drill-down came from through Apply and Reset on every filtered page', async () => {
      for (const path of ['/engagement', '/weekly', '/sessions', '/campaigns', '/transactions']) {
        const body = await page(`${path}?back=%2Fcampaigns%3Ffrom%3D2019-08-26`);
        expect(body, path).toContain(
          '<input type="hidden" name="back" value="/campaigns?from=2019-08-26" />',
        );
        expect(body, path).toContain(
          `<a class="button secondary" href="${path}?back=%2Fcampaigns%3Ffrom%3D2019-08-26">Reset</a>`,
        );
        expect(body, path).toContain('<li><a href="/campaigns?from=2019-08-26">Campaigns</a></li>');
      }
    });
  });

  describe('date presets', () => {
    // The last transaction is 2019-08-26 11:00 in Singapore, a Monday; so is the last request (18:00-20:00).
    it('anchors each page on the last date of its data in the page’s zone, keeping the other filters', async () => {
      const engagement = await page('/engagement?campaign=1&offset=10');
      expect(engagement).toContain(
        '<a href="/engagement?campaign=1&amp;from=2019-08-26&amp;to=2019-08-26">Last day of data</a>',
      );
      expect(engagement).toContain(
        '<a href="/engagement?campaign=1&amp;from=2019-08-20&amp;to=2019-08-26">Last 7 days of data</a>',
      );
      expect(engagement).toContain(
        '<a href="/engagement?campaign=1&amp;from=2019-08-26&amp;to=2019-09-01">Last week of data</a>',
      );
      expect(engagement).toContain('<a href="/engagement?campaign=1" aria-current="true">All data</a>');

      const weekly = await page('/weekly?week_start=sunday&from=2019-08-25&to=2019-08-31');
      expect(weekly).toContain(
        '<a href="/weekly?week_start=sunday&amp;from=2019-08-25&amp;to=2019-08-31" aria-current="true">Last week of data</a>',
      );
      expect(weekly).toContain(
        '<a href="/weekly?week_start=sunday&amp;from=2019-08-04&amp;to=2019-08-31">Last 4 weeks of data</a>',
      );
      expect(weekly).not.toContain('Last day of data');

      // The last transaction, 11:00 in Singapore, is 2019-08-25 17:00 in Honolulu, a Sunday; the last
      // request, 12:00 UTC, is 2019-08-26 02:00 there.
      const honolulu = await page('/engagement?tz=Pacific/Honolulu');
      expect(honolulu).toContain(
        '<a href="/engagement?tz=Pacific%2FHonolulu&amp;from=2019-08-19&amp;to=2019-08-25">Last week of data</a>',
      );
      const sessions = await page('/sessions?tz=Pacific/Honolulu');
      expect(sessions).toContain(
        '<a href="/sessions?tz=Pacific%2FHonolulu&amp;from=2019-08-26&amp;to=2019-08-26">Last day of data</a>',
      );
    });

    it('offers none for a zone the page refuses', async () => {
      const body = await page('/campaigns?tz=Mars/Olympus', 400);
      expect(body).not.toContain('Last day of data');
    });
  });

  describe('sessions of a campaign', () => {
    it('answers the API with the sessions that viewed it, or that its view drove', async () => {
      const users = async (query: string) => {
        const body = await json<{
          total: number;
          rows: { user_id: string }[];
          params: { campaign: unknown };
        }>(`/api/sessions?${query}`);
        return {
          total: body.total,
          users: body.rows.map((row) => row.user_id),
          campaign: body.params.campaign,
        };
      };
      expect(await users('campaign=1')).toEqual({ total: 2, users: ['1001', '<i>x</i>'], campaign: 1 });
      expect(await users('campaign=1&driven=true')).toEqual({ total: 1, users: ['1001'], campaign: 1 });
      expect(await users('campaign=2')).toEqual({ total: 2, users: ['1001', '1002'], campaign: 2 });
      expect(await users('campaign=2&driven=true')).toEqual({ total: 0, users: [], campaign: 2 });
      expect((await app.request('/api/sessions?campaign=two')).status).toBe(400);
    });

    it('links each campaign’s counts to those sessions, and they come back with breadcrumbs', async () => {
      const campaigns = await page('/campaigns');
      expect(campaigns).toContain('<a href="/sessions?campaign=1&amp;back=%2Fcampaigns">2</a>');
      expect(campaigns).toContain(
        '<a href="/sessions?campaign=1&amp;driven=true&amp;back=%2Fcampaigns">1</a>',
      );
      const sessions = await page('/sessions?campaign=1&back=%2Fcampaigns');
      expect(sessions).toContain('<li><a href="/campaigns">Campaigns</a></li>');
      expect(sessions).toContain('<li aria-current="page">Sessions with a view of campaign 1</li>');
      expect(sessions).toContain('Sessions 1–2 of 2');
      const driven = await page('/sessions?campaign=1&driven=true');
      expect(driven).toContain('Sessions where a view of campaign 1 drove a reward issue');
      expect(driven).toContain('Sessions 1–1 of 1');
    });

    it('links users to their sessions, campaigns to theirs, and a start to the timeline with the way back', async () => {
      const body = await page('/sessions?user=1002');
      expect(body).toContain('href="/sessions?user=1002&amp;back=%2Fsessions%3Fuser%3D1002"');
      expect(body).toContain('href="/sessions?campaign=2&amp;back=%2Fsessions%3Fuser%3D1002">2</a>');
      const timeline = await page(
        '/sessions/1002/2019-08-26T11%3A00%3A00.000Z?back=%2Fsessions%3Fcampaign%3D2%26back%3D%252Fcampaigns',
      );
      // The whole trail: the campaigns, the campaign's sessions, this session.
      expect(timeline).toContain(
        '<li><a href="/campaigns">Campaigns</a></li><li><a href="/sessions?campaign=2&amp;back=%2Fcampaigns">Sessions of campaign 2</a></li><li aria-current="page">Session of user 1002</li>',
      );
    });

    it('refuses a back address that is not one of the dashboard’s pages', async () => {
      for (const back of ['https://evil.example/', '//evil.example/', 'javascript:alert(1)', '/api/status']) {
        expect(await page(`/sessions?back=${encodeURIComponent(back)}`, 400)).toContain(
          'back: expected the address of a dashboard page',
        );
      }
    });
  });

  describe('transactions behind a figure', () => {
    it('links a peak hour to its transactions, which are exactly the hour’s count', async () => {
      const engagement = await page('/engagement');
      const href =
        '/transactions?campaign=1&amp;from=2019-08-12T19%3A00&amp;to=2019-08-12T19%3A59&amp;back=%2Fengagement';
      expect(engagement).toContain(`<a href="${href}">2</a>`);
      const hour = await page(href.replaceAll('&amp;', '&'));
      expect(firstCells(hour, 'transactions')).toEqual(['1', '2']);
      expect(hour).toContain('Transactions 1–2 of 2');
      expect(hour).toContain('<li><a href="/engagement">Engagement</a></li>');
    });

    it('takes an hour whole and nothing of the next one', async () => {
      // 23:59:59 is in the hour; 00:00:00 the next day is not.
      const late = await page('/transactions?campaign=2&from=2019-08-20T23:00&to=2019-08-20T23:59');
      expect(firstCells(late, 'transactions')).toEqual(['4']);
    });

    it('links a weekly row to that reward’s redemptions in that week', async () => {
      const weekly = await page('/weekly');
      const href =
        '/transactions?reward=10&amp;status=redeemed&amp;from=2019-08-12&amp;to=2019-08-18&amp;back=%2Fweekly';
      expect(weekly).toContain(`<a href="${href}">2</a>`);
      expect(firstCells(await page(href.replaceAll('&amp;', '&')), 'transactions')).toEqual(['1', '2']);
      // The week with 0 lists nothing; the issued transaction of 08-13 is not a redemption.
      const empty = await page('/transactions?reward=10&status=redeemed&from=2019-08-19&to=2019-08-25');
      expect(empty).toContain('No transactions match these filters.');
    });

    it('sorts by any column and pages', async () => {
      const newest = await page('/transactions?sort=-updated_at&limit=2');
      expect(firstCells(newest, 'transactions')).toEqual(['6', '5']);
      expect(newest).toContain('Transactions 1–2 of 6');
      const next = await page('/transactions?sort=-updated_at&limit=2&offset=2');
      expect(firstCells(next, 'transactions')).toEqual(['4', '3']);
      expect(await page('/transactions?sort=price', 400)).toContain('sort: expected one of transaction_id');
    });
  });

  describe('sorting and paging every table', () => {
    it('sorts campaigns by any column, in the database, and pages them', async () => {
      // Campaign 1 converts 50%, campaign 2 0%.
      expect(firstCells(await page('/campaigns?sort=conversion'), 'campaigns')).toEqual(['2', '1']);
      expect(firstCells(await page('/campaigns?sort=-conversion'), 'campaigns')).toEqual(['1', '2']);
      const second = await page('/campaigns?sort=-conversion&limit=1&offset=1');
      expect(firstCells(second, 'campaigns')).toEqual(['2']);
      expect(second).toContain('Campaigns 2–2 of 2');
      expect(second).toContain('<a href="/campaigns?sort=-conversion&amp;limit=1">1</a>');
    });

    it('sorts and pages the peak table', async () => {
      // Peaks: campaign 1 at 08-12 19:00 (2), campaign 2 at 08-20 23:00 and 08-21 00:00 (1 each).
      expect(firstCells(await page('/engagement'), 'peaks')).toEqual(['1', '2', '2']);
      expect(firstCells(await page('/engagement?sort=-date'), 'peaks')).toEqual(['2', '2', '1']);
      const last = await page('/engagement?limit=2&offset=2');
      expect(firstCells(last, 'peaks')).toEqual(['2']);
      expect(last).toContain('Peaks 3–3 of 3');
    });

    it('charts one picked reward and tabulates its weeks alone', async () => {
      const body = await page('/weekly?reward=20');
      // Weeks lead each row, then the figures, then the reward.
      expect(firstCells(body, 'weekly')).toEqual(['2019-08-19']);
      expect(body).toContain('title="chart and list reward 20 alone">20</a>');
      expect(body).toContain('for reward 20.');
      expect(body).toMatch(/<option value="20"\s+selected>\s*20 · Plain reward \(2\)/);
      expect((await page('/weekly?sort=-reward_redeemed_count')).indexOf('2019-08-12')).toBeGreaterThan(0);
      expect(await page('/weekly?top=7', 400)).toContain('top: expected one of 5, 10, 20');
    });

    it('pages a session’s timeline, linking a driving view on another page', async () => {
      const second = await page('/sessions/1001/2019-08-26T10%3A00%3A00.000Z?limit=1&offset=1');
      expect(second).toContain('Requests 2–2 of 2');
      expect(second).toContain('<a href="?limit=1#request-1">request 1</a>');
      expect(firstCells(second, 'timeline')).toEqual(['2']);
    });
  });
});
