import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { startRealDataServer, type RealDataServer } from './support/real-data-server.js';

const screenshotFolder = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** The CLI commands whose CSV the dashboard's downloads must reproduce byte for byte. */
const cliCommands = {
  engagement: ['report', 'engagement', '--format', 'csv'],
  engagementRange: ['report', 'engagement', '--from', '2019-08-15', '--to', '2019-08-18', '--format', 'csv'],
  weeklySunday: ['report', 'weekly', '--week-start', 'sunday', '--format', 'csv'],
  sessions: ['report', 'sessions', '--format', 'csv'],
  sessionsDriven: ['report', 'sessions', '--driven-only', '--sort', 'duration', '--format', 'csv'],
  campaignsRange: ['report', 'campaigns', '--from', '2019-08-27', '--format', 'csv'],
} as const;

/** The pages as the screenshots name them. */
const pages = [
  ['overview', '/'],
  ['engagement', '/engagement'],
  ['weekly', '/weekly'],
  ['sessions', '/sessions'],
  ['session-detail', '/sessions/1014506/2019-08-26T17%3A25%3A19.000Z'],
  ['campaigns', '/campaigns'],
] as const;

// Screenshots come from the first engine; the pages are the same on both.
const [screenshotEngine] = testEngines;

describe.skipIf(!chromiumAvailable).each(testEngines)(
  'dashboard in Chromium on the real data [%s]',
  (engine) => {
    let server: RealDataServer;
    let browser: Browser;
    let context: BrowserContext;
    /** Console errors (a CSP violation is one) and uncaught exceptions of every page the tests open. */
    const pageProblems: string[] = [];

    beforeAll(async () => {
      server = await startRealDataServer(engine, Object.values(cliCommands));
      browser = await launchChromium();
      context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
      context.on('page', (page) => {
        page.on('console', (message) => {
          if (message.type() === 'error') pageProblems.push(`${page.url()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => pageProblems.push(`${page.url()}: ${error.message}`));
      });
      await mkdir(screenshotFolder, { recursive: true });
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
    });

    async function open(path: string): Promise<Page> {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      return page;
    }

    /** The text of every body cell, row by row, as shown. */
    async function shownRows(page: Page, table: string): Promise<string[][]> {
      const rows = page.locator(`table#${table} tbody tr`);
      const shown: string[][] = [];
      for (let index = 0; index < (await rows.count()); index++) {
        const cells = await rows.nth(index).locator('th, td').allInnerTexts();
        shown.push(cells.map((cell) => cell.trim()));
      }
      return shown;
    }

    async function apiJson<T>(path: string): Promise<T> {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    }

    async function downloadCsv(page: Page, label = 'Download CSV'): Promise<Buffer> {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: label }).click(),
      ]);
      const path = await download.path();
      return readFile(path);
    }

    function cliCsv(name: keyof typeof cliCommands): Buffer {
      const output = server.cliOutputs.get(cliCommands[name].join(' '));
      if (!output) throw new Error(`no CLI output for ${name}`);
      return output;
    }

    async function chartsRendered(page: Page): Promise<void> {
      await page.waitForSelector('[data-chart][data-rendered="true"]', { timeout: 10_000 });
      expect(await page.$$eval('[data-chart] canvas', (canvases) => canvases.length)).toBeGreaterThan(0);
    }

    it('overview: freshness, headline figures and the ingest', async () => {
      const page = await open('/');
      await expect(page.locator('#freshness').innerText()).resolves.toMatch(
        // On the configured zone's clock, Asia/Singapore, with its offset.
        /^Data loaded \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3}|\.\d{6})? \+08:00, covering 2019-08-12 to 2019-08-27 \(Asia\/Singapore\) · reports current, computed /,
      );
      // Worked out by hand: the log runs from 2019-08-26T16:00:02Z to 2019-08-27T03:34:59Z, all of it
      // 2019-08-27 in Singapore (UTC+8); reward_transaction.csv's run from 2019-08-12 to 2019-08-22,
      // each at 11:04:10 UTC (19:04 local).
      expect(await page.locator('#data-period').innerText()).toBe(
        'The data covers 2019-08-12 to 2019-08-27 (Asia/Singapore): requests 2019-08-27, reward transactions 2019-08-12 to 2019-08-22.',
      );
      expect(await page.locator('#card-sessions .figure').innerText()).toBe('7,377');
      expect(await page.locator('#card-driven .figure').innerText()).toBe('340');
      expect(await page.locator('#card-driven-share .figure').innerText()).toBe('4.61%');
      expect(await page.locator('#card-driven-share .defined').getAttribute('title')).toBe(
        'driven sessions ÷ all sessions',
      );
      expect(await page.locator('#card-week .figure').innerText()).toBe('3');
      expect(await page.locator('#card-week .detail').innerText()).toContain(
        'week of 2019-08-19, the latest week in the data',
      );
      expect(await page.locator('#card-week .detail').innerText()).toContain(
        'Last week (2019-08-12): 7; change -57.14%',
      );
      const files = await shownRows(page, 'ingest-files');
      expect(files.map((row) => row.slice(0, 4))).toEqual([
        ['campaign.csv', '3', '3', '0'],
        ['reward_campaign.csv', '3', '3', '0'],
        ['reward_transaction.csv', '10', '10', '0'],
        ['campaign_reward_mapping.csv', '3,043', '3,043', '0'],
        ['http_log.txt', '16,000', '16,000', '0'],
      ]);
      expect(await page.getByText('The last ingest rejected no line.').count()).toBe(1);
      await page.close();
    });

    it('overview: the daily trend chart, and a colour scheme switch remembered per browser', async () => {
      const own = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      const page = await own.newPage();
      await page.goto(`${server.url}/`);
      await chartsRendered(page);
      expect(await page.locator('[data-chart="daily-trend"] canvas').count()).toBe(1);
      // The real log's requests all start sessions on 2019-08-27 in Singapore: one day of 7,377.
      await page.locator('summary', { hasText: 'Figures per day (1 day)' }).click();
      expect(await page.locator('table#daily-trend').isVisible()).toBe(true);
      expect(await shownRows(page, 'daily-trend')).toEqual([
        ['2019-08-27', '7,377', '13,369', expect.any(String), '340'],
      ]);
      // Evaluated as text: the tests are typed without the DOM's types.
      const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      expect(await background()).toBe('rgb(247, 248, 250)');
      const toggle = page.locator('#theme-switch');
      expect(await toggle.innerText()).toBe('Theme: auto');
      await toggle.click();
      expect(await toggle.innerText()).toBe('Theme: light');
      await toggle.click();
      expect(await toggle.innerText()).toBe('Theme: dark');
      expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
      expect(await background()).toBe('rgb(18, 21, 27)');
      // Remembered: the next page opens dark although the system is light, its charts drawn dark.
      await page.goto(`${server.url}/weekly`);
      await chartsRendered(page);
      expect(await background()).toBe('rgb(18, 21, 27)');
      expect(await page.locator('#theme-switch').innerText()).toBe('Theme: dark');
      await page.locator('#theme-switch').click();
      expect(
        await page.evaluate<string | undefined>('document.documentElement.dataset.theme'),
      ).toBeUndefined();
      expect(await background()).toBe('rgb(247, 248, 250)');
      await own.close();
    });

    it('engagement: peaks in words, a heatmap, a range filter in the URL, back and forward, the CSV', async () => {
      const page = await open('/engagement');
      await chartsRendered(page);
      expect(await page.locator('#peak-statements').innerText()).toContain(
        // The quotation marks around the name are the <q> element's, drawn by CSS, not text.
        'Campaign 1 My Camapign 1 peaked in 10 hours tied at 1 transaction each (Asia/Singapore)',
      );
      expect(await shownRows(page, 'peaks')).toHaveLength(10);
      expect(await downloadCsv(page)).toEqual(cliCsv('engagement'));

      await page.getByLabel('From (local date)').fill('2019-08-15');
      await page.getByLabel('To (local date, included)').fill('2019-08-18');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\/engagement\?from=2019-08-15&to=2019-08-18$/);
      const ranged = await shownRows(page, 'peaks');
      expect(ranged.map((row) => `${row[1]} ${row[2]}`)).toEqual([
        '2019-08-15 19:00',
        '2019-08-16 19:00',
        '2019-08-17 19:00',
        '2019-08-18 19:00',
      ]);
      await chartsRendered(page);
      expect(await downloadCsv(page)).toEqual(cliCsv('engagementRange'));

      await page.goBack();
      await page.waitForURL(/\/engagement$/);
      expect(await shownRows(page, 'peaks')).toHaveLength(10);
      await page.goForward();
      await page.waitForURL(/from=2019-08-15/);
      expect(await shownRows(page, 'peaks')).toHaveLength(4);

      await page.getByLabel('From (local date)').fill('2020-01-01');
      await page.getByLabel('To (local date, included)').fill('2020-01-31');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/from=2020-01-01/);
      expect(await page.getByText('No transactions match these filters.').count()).toBe(1);
      await page.close();
    });

    it('engagement: an unknown time zone shows its message in the page with status 400', async () => {
      // A page of its own, outside the shared context: the 400 it asks for is logged as a console error.
      const page = await browser.newPage();
      const response = await page.goto(`${server.url}/engagement?tz=Mars%2FOlympus`);
      expect(response?.status()).toBe(400);
      expect(await page.getByRole('alert').innerText()).toContain('tz: unknown time zone "Mars/Olympus"');
      expect(await page.getByLabel('Time zone').inputValue()).toBe('Mars/Olympus');
      await page.close();
    });

    it('filters work as plain GET forms with scripting off', async () => {
      const plain = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await plain.newPage();
        await page.goto(`${server.url}/engagement`);
        await page.getByLabel('From (local date)').fill('2019-08-15');
        await page.getByLabel('To (local date, included)').fill('2019-08-18');
        await page.locator('select[name=campaign]').selectOption('1');
        await page.getByRole('button', { name: 'Apply' }).click();
        // Without the script the empty time zone travels along; the server reads it as the default.
        await page.waitForURL(/\/engagement\?from=2019-08-15&to=2019-08-18&tz=&campaign=1$/);
        expect(await shownRows(page, 'peaks')).toHaveLength(4);
        await page.goBack();
        await page.waitForURL(/\/engagement$/);
        expect(await shownRows(page, 'peaks')).toHaveLength(10);
      } finally {
        await plain.close();
      }
    });

    it('weekly: chart and table, weeks from Sunday in the URL, the CSV', async () => {
      const page = await open('/weekly');
      await chartsRendered(page);
      expect(await shownRows(page, 'weekly')).toEqual([
        ['2019-08-12', '7', '—', '1', 'My Reward'],
        ['2019-08-19', '3', '-57.14%', '1', 'My Reward'],
      ]);
      await page.getByLabel('Weeks start on').selectOption('sunday');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\/weekly\?week_start=sunday$/);
      const api = await apiJson<{ rows: { week: string; reward_redeemed_count: number }[] }>(
        '/api/weekly?week_start=sunday',
      );
      const shown = await shownRows(page, 'weekly');
      expect(shown.map((row) => [row[0], row[1]])).toEqual(
        api.rows.map((row) => [row.week, String(row.reward_redeemed_count)]),
      );
      expect(await downloadCsv(page)).toEqual(cliCsv('weeklySunday'));
      await page.goBack();
      await page.waitForURL(/\/weekly$/);
      expect(await shownRows(page, 'weekly')).toHaveLength(2);
      await page.close();
    });

    it('sessions: filter by user with the keyboard, driven only, sort, pages, back and forward, the timeline', async () => {
      const page = await open('/sessions');
      expect(await shownRows(page, 'sessions')).toHaveLength(50);
      expect(await page.locator('#page-summary').innerText()).toMatch(/^Sessions 1–50 of 7,377/);
      expect(await downloadCsv(page)).toEqual(cliCsv('sessions'));
      // At 1280 px the length distribution's figures stand beside its chart, not under it.
      const chart = await page.locator('details.distribution figure').boundingBox();
      const figures = await page.locator('table#session-lengths').boundingBox();
      expect(figures && chart && figures.x).toBeGreaterThanOrEqual((chart?.x ?? 0) + (chart?.width ?? 0));
      expect(figures && chart && figures.y).toBeLessThan((chart?.y ?? 0) + (chart?.height ?? 0));

      // Keyboard only: into the user field, type, Enter submits the form.
      await page.getByLabel('User id').focus();
      await page.keyboard.type('1014506');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/sessions\?user=1014506$/);
      expect(await shownRows(page, 'sessions')).toEqual([
        [
          '1014506',
          '2019-08-27 01:25:19 +08:00',
          'no',
          '1 min 35 s',
          '11, 11, 11',
          '7993',
          '—',
          '2019-08-27 01:26:54 +08:00',
        ],
      ]);

      await page.goto(`${server.url}/sessions`);
      await page.getByLabel('Driven sessions only').check();
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\/sessions\?driven=true$/);
      expect(await page.locator('#page-summary').innerText()).toMatch(/of 340$/);
      await page.getByRole('link', { name: 'Duration' }).click();
      await page.waitForURL(/\/sessions\?driven=true&sort=duration$/);
      expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('Duration');
      expect(await downloadCsv(page)).toEqual(cliCsv('sessionsDriven'));
      const firstPage = await shownRows(page, 'sessions');
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL(/offset=50$/);
      expect(await page.locator('#page-summary').innerText()).toMatch(/^Sessions 51–100 of 340/);
      const api = await apiJson<{ rows: { user_id: string }[] }>(
        '/api/sessions?driven=true&sort=duration&offset=50',
      );
      expect((await shownRows(page, 'sessions')).map((row) => row[0])).toEqual(
        api.rows.map((row) => row.user_id),
      );
      await page.goBack();
      await page.waitForURL(/sort=duration$/);
      expect(await shownRows(page, 'sessions')).toEqual(firstPage);
      await page.goForward();
      await page.waitForURL(/offset=50$/);

      // A user id lists that user's sessions; a start time opens the session's timeline.
      const user = api.rows[0]?.user_id ?? '';
      await page.getByRole('link', { name: user, exact: true }).first().click();
      await page.waitForURL(new RegExp(`/sessions\\?user=${user}&back=`));
      await page.locator('table#sessions tbody tr td a').first().click();
      await page.waitForURL(/\/sessions\/[^/]+\/2019-08-2\dT/);
      const timeline = await shownRows(page, 'timeline');
      expect(timeline.length).toBeGreaterThan(1);
      expect(timeline.some((row) => row[3] === 'driven issue')).toBe(true);
      // The breadcrumbs lead back through the user's sessions to the driven list, page 2, as it was.
      await page
        .getByRole('navigation', { name: 'Breadcrumbs' })
        .getByRole('link', { name: 'Sessions' })
        .first()
        .click();
      await page.waitForURL(/\/sessions\?driven=true&sort=duration&offset=50$/);
      expect(await page.locator('#page-summary').innerText()).toMatch(/^Sessions 51–100 of 340/);
      await page.close();
    });

    it('drill-down: a heatmap cell to its transactions, a campaign to its sessions', async () => {
      const page = await open('/engagement?campaign=1');
      await chartsRendered(page);
      const chart = JSON.parse(
        (await page.locator('[data-chart]').getAttribute('data-chart-data')) ?? '{}',
      ) as {
        dates: string[];
        cells: [number, number, number][];
      };
      const [hour, day, count] = chart.cells.find((cell) => cell[2] > 0) ?? [0, 0, 0];
      // Where ECharts drew that cell, from its own coordinate system.
      const [x, y] = await page.evaluate(
        ([cellHour, cellDay]) => {
          // Runs in the page; this project's types have no DOM, so the two globals used are named here.
          const inPage = globalThis as unknown as {
            document: { querySelector(selector: string): unknown };
            echarts: {
              getInstanceByDom(element: unknown): {
                convertToPixel(finder: object, value: number[]): [number, number];
              };
            };
          };
          const element = inPage.document.querySelector('[data-chart]');
          return inPage.echarts
            .getInstanceByDom(element)
            .convertToPixel({ seriesIndex: 0 }, [cellHour, cellDay]);
        },
        [hour, day] as [number, number],
      );
      const chartBox = page.locator('[data-chart]');
      await chartBox.scrollIntoViewIfNeeded();
      const box = await chartBox.boundingBox();
      await page.mouse.click((box?.x ?? 0) + x, (box?.y ?? 0) + y);
      const at = `${chart.dates[day]}T${String(hour).padStart(2, '0')}`;
      await page.waitForURL(new RegExp(`/transactions\\?campaign=1&.*from=${at}%3A00&to=${at}%3A59`));
      expect(await shownRows(page, 'transactions')).toHaveLength(count);
      await page
        .getByRole('navigation', { name: 'Breadcrumbs' })
        .getByRole('link', { name: 'Engagement' })
        .click();
      await page.waitForURL(/\/engagement\?campaign=1$/);

      const campaigns = await open('/campaigns');
      const row = campaigns.locator('table#campaigns tbody tr').first();
      // After the campaign id (the row's header): its name, conversion, driven sessions, views, unique
      // viewers, sessions with a view.
      const withView = (await row.locator('td').nth(5).innerText()).trim();
      await row.locator('td').nth(5).getByRole('link').click();
      await campaigns.waitForURL(/\/sessions\?campaign=11&back=%2Fcampaigns$/);
      expect(await campaigns.locator('#page-summary').innerText()).toBe(`Sessions 1–50 of ${withView}`);
      await page.close();
      await campaigns.close();
    });

    it('at 390 px the key figures sit beside the row names and the filters leave room for results', async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      // The last key column of each table, after the row header: its right edge within the screen.
      for (const [path, table, lastKey] of [
        ['/campaigns', 'campaigns', 'Conversion'],
        ['/weekly', 'weekly', 'Change'],
        ['/engagement', 'peaks', 'Hour'],
        ['/sessions', 'sessions', 'Driven'],
        // With its date-time fields filled, the widest form of all.
        ['/transactions?from=2019-08-01T00:00&to=2019-08-31T23:59', 'transactions', 'Status'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        // Wide tables scroll inside their own box; the page itself never scrolls sideways.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), path).toBeLessThanOrEqual(
          390,
        );
        const header = page.locator(`table#${table} thead th`, { hasText: lastKey }).first();
        const box = await header.boundingBox();
        expect(box && box.x + box.width, `${path}: ${lastKey}`).toBeLessThanOrEqual(390);
        const form = await page.locator('form.filters').first().boundingBox();
        expect(form?.height, `${path}: the filter form`).toBeLessThan(844 * 0.6);
      }
      // The sessions' length distribution starts folded on a phone, so the list follows the form; opened,
      // its chart is drawn at the width it then has.
      await page.goto(`${server.url}/sessions`);
      const distribution = page.locator('details.distribution');
      expect(await distribution.evaluate((details: { open: boolean }) => details.open)).toBe(false);
      expect(await page.locator('[data-chart] canvas').count()).toBe(0);
      await distribution.locator('summary').click();
      await chartsRendered(page);
      const canvas = await page.locator('[data-chart] canvas').first().boundingBox();
      expect(canvas?.width).toBeGreaterThan(200);
      expect(canvas && canvas.x + canvas.width).toBeLessThanOrEqual(390);
      await page.close();
    });

    it('date presets pick the last days of the data; breadcrumbs survive Apply', async () => {
      // The last transaction is 2019-08-22 19:04 in Singapore, a Thursday.
      const page = await open('/engagement');
      await page.getByRole('link', { name: 'Last 7 days of data' }).click();
      await page.waitForURL(/\/engagement\?from=2019-08-16&to=2019-08-22$/);
      // One peak a day on the 16th to the 19th, the 21st and the 22nd.
      expect((await shownRows(page, 'peaks')).map((row) => row[1])).toEqual([
        '2019-08-16',
        '2019-08-17',
        '2019-08-18',
        '2019-08-19',
        '2019-08-21',
        '2019-08-22',
      ]);
      await expect(
        page.getByRole('link', { name: 'Last 7 days of data' }).getAttribute('aria-current'),
      ).resolves.toBe('true');
      await page.getByRole('link', { name: 'Last week of data' }).click();
      await page.waitForURL(/\/engagement\?from=2019-08-19&to=2019-08-25$/);
      expect(await shownRows(page, 'peaks')).toHaveLength(3);
      await page.getByRole('link', { name: 'All data' }).click();
      await page.waitForURL(/\/engagement$/);
      expect(await shownRows(page, 'peaks')).toHaveLength(10);

      await page.goto(`${server.url}/weekly?back=%2Fcampaigns`);
      await page.getByLabel('Weeks start on').selectOption('sunday');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\/weekly\?week_start=sunday&back=%2Fcampaigns$/);
      const trail = page.getByRole('navigation', { name: 'Breadcrumbs' });
      await trail.getByRole('link', { name: 'Campaigns' }).click();
      await page.waitForURL(/\/campaigns$/);
      await page.close();
    });

    it('long id lists open in place with scripting off', async () => {
      const plain = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await plain.newPage();
        await page.goto(`${server.url}/sessions?sort=-rewards_issued`);
        const more = page.locator('table#sessions details.more-ids').first();
        await expect(more.locator('summary').innerText()).resolves.toMatch(/^\+\d+ more \(\d+ in all\)$/);
        expect(await more.evaluate((element: { open: boolean }) => element.open)).toBe(false);
        await more.locator('summary').click();
        expect(await more.evaluate((element: { open: boolean }) => element.open)).toBe(true);
      } finally {
        await plain.close();
      }
    });

    it('campaigns: chart and table, a range in the URL, the CSV', async () => {
      const page = await open('/campaigns');
      await chartsRendered(page);
      const all = await shownRows(page, 'campaigns');
      expect(all).toHaveLength(28);
      // The log views 28 campaigns, none of them among the three campaign.csv lists (1, 2 and 3).
      expect(all[0]).toEqual(['11', 'not in campaign.csv', '3.38%', '59', '3,165', '1,678', '1,747', '132']);
      expect(all.filter((row) => row[1] !== 'not in campaign.csv')).toEqual([]);
      const withViewHeader = page.locator('#campaigns th .defined', { hasText: 'Sessions with a view' });
      expect(await withViewHeader.getAttribute('title')).toBe(
        'sessions with at least one view of the campaign',
      );
      await page.getByLabel('Sessions from (local)').fill('2019-08-27');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/\/campaigns\?from=2019-08-27$/);
      const api = await apiJson<{ rows: { campaign_id: number; views: number }[] }>(
        '/api/campaigns?from=2019-08-27',
      );
      expect((await shownRows(page, 'campaigns')).map((row) => row[0])).toEqual(
        api.rows.map((row) => String(row.campaign_id)),
      );
      expect(await downloadCsv(page)).toEqual(cliCsv('campaignsRange'));
      await page.close();
    });

    if (engine === screenshotEngine) {
      it('screenshots of every page in light and dark mode, wide and narrow', async () => {
        for (const colorScheme of ['light', 'dark'] as const) {
          for (const [name, path] of pages) {
            for (const [width, suffix] of [
              [1280, ''],
              [390, '-narrow'],
            ] as const) {
              const page = await context.newPage();
              await page.setViewportSize({ width, height: 900 });
              await page.emulateMedia({ colorScheme });
              await page.goto(`${server.url}${path}`);
              // A chart folded away (Sessions' distribution on a phone) is drawn only when opened.
              if ((await page.$('[data-chart]:not(details:not([open]) [data-chart])')) !== null)
                await chartsRendered(page);
              await page.screenshot({
                path: `${screenshotFolder}${name}-${colorScheme}${suffix}.png`,
                fullPage: true,
              });
              await page.close();
            }
          }
        }
        // 24 full-page screenshots, each a fresh page with its charts drawn.
      }, 240_000);
    }

    it('no page logged an error or broke the content security policy', () => {
      expect(pageProblems).toEqual([]);
    });
  },
);
