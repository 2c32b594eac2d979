import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { hostileApp } from './support/web-fixture.js';

/** Every <script> tag of a page: only the server's own files, never inline code. */
function scriptTags(page: string): string[] {
  return page.match(/<script\b[^>]*>/gi) ?? [];
}

describeEachEngine('dashboard pages', ({ database }) => {
  let app: Hono;
  beforeAll(async () => {
    app = await hostileApp(database());
  });

  const page = async (path: string, status = 200): Promise<string> => {
    const response = await app.request(path);
    const body = await response.text();
    expect(response.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Page scripts are deferred; theme.js alone runs before the page paints, so a picked scheme never flashes.
    const [theme, ...pageScripts] = scriptTags(body);
    expect(theme).toBe('<script src="/assets/theme.js">');
    for (const tag of pageScripts) expect(tag).toMatch(/^<script defer src="\/assets\/[a-z/.-]+\.js">$/);
    // Line breaks and indentation in the markup are the template's layout, not the page's content.
    return body.replace(/\s+/g, ' ');
  };

  describe('layout', () => {
    it.each(['/', '/engagement', '/weekly', '/sessions', '/campaigns'])(
      '%s has the navigation, its heading and the data freshness',
      async (path) => {
        const body = await page(path);
        for (const label of ['Overview', 'Engagement', 'Weekly', 'Sessions', 'Campaigns']) {
          expect(body).toContain(`>${label}</a`);
        }
        expect(body).toMatch(/aria-current="page"/);
        // On the configured zone's clock (Asia/Singapore), the UTC reading on hover.
        expect(body).toMatch(
          /Data loaded\s+<time datetime="\d{4}-\d\d-\d\dT[\d:.]+\+08:00" title="[\d :.-]+ UTC">[\d :.-]+ \+08:00<\/time>/,
        );
        expect(body).toMatch(/reports current, computed\s+<time datetime=/);
        expect(body).toContain('<main id="main"');
      },
    );

    it('answers an unknown page with an HTML 404', async () => {
      const body = await page('/no-such-page', 404);
      expect(body).toContain('no page or endpoint at GET /no-such-page');
    });
  });

  describe('escaping', () => {
    it('shows a campaign named <script>alert(1)</script> as text', async () => {
      const body = await page('/engagement');
      expect(body).not.toContain('<script>alert(1)</script>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      // In the campaign picker and the chart's data attribute too.
      expect(body).toContain('<option value="1"');
      expect(body).toContain('1 · &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).toMatch(/data-chart-data="\{&quot;timeZone&quot;/);
    });

    it('shows a reward, a user id and a rejected line that are HTML as text', async () => {
      const weekly = await page('/weekly');
      expect(weekly).not.toContain('<img src=x');
      expect(weekly).toContain('&lt;img src=x onerror=alert(2)&gt;');
      const sessions = await page('/sessions');
      expect(sessions).not.toContain('<i>x</i>');
      expect(sessions).toContain('&lt;i&gt;x&lt;/i&gt;');
      const overview = await page('/');
      expect(overview).not.toContain('<script>alert(3)</script>');
      expect(overview).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    });

    it('shows hostile query values back as text, with their message and status 400', async () => {
      const body = await page(`/engagement?from=${encodeURIComponent('"><script>alert(4)</script>')}`, 400);
      expect(body).not.toContain('<script>alert(4)</script>');
      expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"');
      expect(body).toContain('role="alert"');
      expect(body).toContain('from: expected a date');
    });
  });

  describe('overview', () => {
    it('gives the headline figures, this week against last, the ingest and its rejects', async () => {
      const body = await page('/');
      expect(body).toMatch(/id="card-sessions">[\s\S]*?<p class="figure">4<\/p>/);
      expect(body).toMatch(/id="card-driven">[\s\S]*?<p class="figure">1<\/p>/);
      expect(body).toMatch(/id="card-driven-share">[\s\S]*?<p class="figure">25\.00%<\/p>/);
      // The latest week is 2019-08-26 (1 redeemed); the week before has 0 + 2 over the two rewards.
      expect(body).toMatch(/id="card-week">[\s\S]*?<p class="figure">1<\/p>/);
      expect(body).toMatch(/week of 2019-08-26, the latest week in the data/);
      expect(body).toMatch(/Last week \(2019-08-19\):\s+2; change <span class="down"\s*>-50\.00%<\/span\s*>/);
      expect(body).toContain('wrong field count: expected 4');
      expect(body).toContain('bad timestamp in updated_at');
      expect(body).toMatch(/<th scope="row" class="">reward_transaction\.csv<\/th>/);
      expect(body).toContain('href="/api/rejects?format=csv"');
      expect(body).toContain('href="/api/status"');
    });

    it('charts and tabulates the sessions per local day', async () => {
      const body = await page('/');
      // Worked out by hand (gap 300 s): user 1001 has two sessions (10:00-10:01 with a view of campaign 1
      // and the issue of reward 100 it drives; 10:06, exactly 300 s later, with a view and an issue),
      // 1002 one (an issue, then a view: not driven), <i>x</i> one (a view). All start on 2019-08-26
      // between 18:00 and 20:00 in Singapore: 4 sessions, 4 views, 3 issues, 1 driven.
      expect(body).toContain('data-chart="daily-trend"');
      expect(body).toContain(
        'data-chart-data="{&quot;timeZone&quot;:&quot;Asia/Singapore&quot;,&quot;days&quot;:[&quot;2019-08-26&quot;],&quot;sessions&quot;:[4],&quot;views&quot;:[4],&quot;issues&quot;:[3],&quot;driven&quot;:[1]}"',
      );
      expect(body).toMatch(
        /<th scope="row" class="">2019-08-26<\/th><td class="number">4<\/td><td class="number">4<\/td><td class="number">3<\/td><td class="number">1<\/td>/,
      );
    });

    it('refuses query parameters it does not take', async () => {
      const body = await page('/?tz=UTC', 400);
      expect(body).toContain('unknown parameter');
    });
  });

  describe('engagement', () => {
    it('states the peaks in words and draws the busiest campaign’s heatmap', async () => {
      const body = await page('/engagement');
      expect(body).toMatch(
        /The busiest hour of campaign 1 <q>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/q> was\s+<strong>2019-08-12 19:00<\/strong>\s+\(Asia\/Singapore\), with <strong>2 transactions<\/strong>/,
      );
      expect(body).toMatch(
        /peaked in <strong>2 hours tied<\/strong> at\s+<strong>1 transaction<\/strong> each/,
      );
      expect(body).toContain('data-chart="engagement-heatmap"');
      expect(body).toContain('<table id="peaks">');
      expect(body).toContain('<th scope="col"');
    });

    it('keeps the filters in the download links and says so when the range is empty', async () => {
      const body = await page('/engagement?from=2019-08-20&to=2019-08-21&tz=UTC&campaign=2');
      expect(body).toContain(
        'href="/api/engagement?from=2019-08-20&amp;to=2019-08-21&amp;tz=UTC&amp;campaign=2&amp;format=csv"',
      );
      expect(body).toContain(
        'href="/api/engagement?from=2019-08-20&amp;to=2019-08-21&amp;tz=UTC&amp;campaign=2&amp;format=ndjson"',
      );
      expect(body).toMatch(/<option value="2"\s+selected>/);
      const empty = await page('/engagement?from=2020-01-01&to=2020-01-02');
      // A range narrows what is listed: the message offers the unfiltered view.
      expect(empty).toContain(
        'No transactions match these filters. <a href="/engagement">Show all transactions</a>',
      );
      expect(empty).not.toContain('data-chart=');
    });

    it.each([
      ['tz=Nowhere%2FCity', 'tz: unknown time zone'],
      ['from=2019-08-27&to=2019-08-26', 'from: 2019-08-27 is later than to (2019-08-26)'],
      [
        'campaign=1%3BDROP',
        'campaign: expected a whole number from -9223372036854775808 to 9223372036854775807',
      ],
      ['colour=red', 'unknown parameter'],
    ])('shows the message for %s with status 400', async (query, message) => {
      const body = await page(`/engagement?${query}`, 400);
      expect(body).toContain(message);
      expect(body).toContain('<form class="filters"');
    });
  });

  describe('weekly', () => {
    it('charts and tabulates the weeks with their change', async () => {
      const body = await page('/weekly');
      expect(body).toContain('data-chart="weekly-redemptions"');
      expect(body).toContain('<span class="down">-100.00%</span>');
      expect(body).toMatch(/<th scope="row" class="">2019-08-19<\/th>/);
      expect(body).toContain('href="/api/weekly?format=csv"');
      const sunday = await page('/weekly?week_start=sunday');
      expect(sunday).toContain('weeks from Sunday 00:00');
      expect(sunday).toContain('href="/api/weekly?week_start=sunday&amp;format=csv"');
      expect(await page('/weekly?week_start=someday', 400)).toContain(
        'week_start: expected monday or sunday',
      );
    });
  });

  describe('sessions', () => {
    it('shows how long the matching sessions are, every page counted', async () => {
      // Worked out by hand (gap 300 s): 1001's first session runs 10:00 to 10:01, exactly 60 s, so
      // "1–5 min" (the bounds are half-open); its second is two requests at 10:06, 0 s; 1002's runs
      // 11:00 to 11:00:30, "under 1 min"; <i>x</i>'s is one request, 0 s.
      const lengths = (body: string) =>
        JSON.parse(
          (/data-chart="session-lengths"\s+data-chart-data="([^"]+)"/.exec(body)?.[1] ?? '{}').replaceAll(
            '&quot;',
            '"',
          ),
        ) as unknown;
      const buckets = ['0 s', 'under 1 min', '1–5 min', '5–15 min', '15–30 min', '30–60 min', '1 h or more'];
      // The page from the fourth session on lists one; the distribution still counts all four.
      expect(lengths(await page('/sessions?offset=3'))).toEqual({
        lengths: buckets,
        sessions: [2, 1, 1, 0, 0, 0, 0],
      });
      expect(lengths(await page('/sessions?user=1001'))).toEqual({
        lengths: buckets,
        sessions: [1, 0, 1, 0, 0, 0, 0],
      });
      expect(await page('/sessions?user=nobody')).not.toContain('data-chart="session-lengths"');
    });

    it('lists a page with sortable headings, pagination and downloads that keep the filters', async () => {
      const body = await page('/sessions?limit=2&sort=-session_start');
      expect(body).toContain('Sessions 1–2 of 4');
      expect(body).toContain('aria-sort="descending"');
      expect(body).toContain('href="/sessions?limit=2&amp;sort=session_start"');
      // Numbered pages: 1 (this one) and 2, then the next.
      expect(body).toContain('<a aria-current="page" href="/sessions?sort=-session_start&amp;limit=2">1</a>');
      expect(body).toContain('<a href="/sessions?sort=-session_start&amp;limit=2&amp;offset=2">2</a>');
      expect(body).toContain('rel="next" href="/sessions?sort=-session_start&amp;limit=2&amp;offset=2"');
      // Downloads carry the filters and the sort, but not the page: every matching session.
      expect(body).toContain('href="/api/sessions?sort=-session_start&amp;format=csv"');
      const second = await page('/sessions?limit=2&sort=-session_start&offset=2');
      expect(second).toMatch(/Sessions 3–4 of 4/);
      expect(second).toContain('rel="prev"');
    });

    it('filters by user and driven sessions, and links each session to its timeline', async () => {
      const body = await page('/sessions?user=1001&driven=true');
      expect(body).toMatch(/Sessions 1–1 of 1/);
      // The timeline's breadcrumbs lead back to this listing.
      expect(body).toContain(
        'href="/sessions/1001/2019-08-26T10%3A00%3A00.000Z?back=%2Fsessions%3Fuser%3D1001%26driven%3Dtrue"',
      );
      expect(body).toContain('href="/api/sessions?user=1001&amp;driven=true&amp;format=csv"');
      expect(body).toMatch(/<input type="checkbox" name="driven" value="true"\s+checked/);
      const none = await page('/sessions?user=nobody');
      expect(none).toContain('No sessions match these filters. <a href="/sessions">Show all sessions</a>');
    });

    it('shows a bad filter’s message with status 400', async () => {
      expect(await page('/sessions?limit=5000', 400)).toContain('limit: must be at most 1000');
      expect(await page('/sessions?offset=-1', 400)).toContain('offset: must be at least 0');
      expect(await page(`/sessions?user=${encodeURIComponent("1' OR '1'='1")}`, 400)).toContain(
        'user: a user id',
      );
    });

    it('shows one session’s requests and which view drove which reward', async () => {
      const body = await page('/sessions/1001/2019-08-26T10%3A00%3A00.000Z');
      expect(body).toContain('<table id="timeline">');
      expect(body).toMatch(/Issued reward 100, <strong>driven by<\/strong> the view of campaign\s+1/);
      expect(body).toContain('href="#request-1"');
      expect(body).toContain('href="/api/sessions/1001/2019-08-26T10%3A00%3A00.000Z?format=csv"');
      expect(body).toContain('href="/api/sessions/1001/2019-08-26T10%3A00%3A00.000Z?format=ndjson"');
      expect(body).not.toContain('format=json');
      const missing = await page('/sessions/1001/2019-08-26T10%3A00%3A01.000Z', 404);
      expect(missing).toContain('has no session starting at that instant');
      expect(await page('/sessions/1001/not-a-time', 400)).toContain('session_start: ');
    });
  });

  describe('campaigns', () => {
    it('charts views against driven sessions and tabulates the conversion', async () => {
      const body = await page('/campaigns');
      expect(body).toContain('data-chart="campaign-conversions"');
      expect(body).toContain('50.00%');
      // Both campaigns the log views are in campaign.csv: their names, escaped.
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).toContain('Quote &quot; and, comma');
      expect(body).not.toContain('not in campaign.csv');
      expect(body).toContain('href="/api/campaigns?format=csv"');
      const ranged = await page('/campaigns?from=2030-01-01');
      expect(ranged).toContain('No campaign views match these filters.');
      expect(await page('/campaigns?gap=-1', 400)).toContain('gap: must be at least 1');
    });
  });
});
