/**
 * The dashboard at scale, as a person sees it: every page (and the drill-down pages) in Chromium at
 * 1440 and 390 px wide, light and dark, screenshotted whole, with each page's height, so a page that
 * grows with the data (a chart with a series per reward, a cell with hundreds of ids) shows up.
 *
 *   createdb -h 127.0.0.1 -U postgres perx_drill
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/perx_drill npx tsx bench/dashboard-screenshots.ts \
 *     [--requests 1000000] [--out test-output/scale-screenshots]
 *
 * A database without log rows is first loaded with a generated data set of --requests requests (users:
 * a tenth of them, seed 1) and `perx report all`. Not part of the test suite.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/open.js';
import { ingest } from '../src/ingest/load.js';
import { computeAllReports } from '../src/reports/index.js';
import { startServer } from '../src/web/server.js';
import { launchChromium } from '../test/e2e/support/browser.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    requests: { type: 'string' },
    out: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const requests = z.coerce.number().int().min(1).default(1_000_000).parse(values.requests);
const out = values.out ?? join(process.cwd(), 'test-output', 'scale-screenshots');
const databaseUrl = z
  .string({ error: 'set DATABASE_URL or --database-url to a PostgreSQL database of your own' })
  .min(1)
  .parse(values['database-url'] ?? process.env.DATABASE_URL);

const config = loadConfig({ databaseUrl }, {});
const database = await openDatabase(config);
const [{ requests: loaded = 0 } = {}] = await database.query<{ requests: number }>(
  'SELECT count(*)::integer AS requests FROM http_log',
);
if (loaded === 0) {
  const folder = await mkdtemp(join(tmpdir(), 'perx-screenshots-'));
  console.log(`generating ${requests} requests into ${folder}`);
  const users = String(Math.max(1, Math.floor(requests / 10)));
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'generate',
      '--out',
      folder,
      '--users',
      users,
      '--requests',
      String(requests),
      '--seed',
      '1',
      '--force',
    ],
    { cwd: new URL('../', import.meta.url).pathname, stdio: 'inherit' },
  );
  await ingest(database, { source: folder });
  await computeAllReports(database);
  await rm(folder, { recursive: true, force: true });
}

const server = await startServer({ database, config, port: 0, host: '127.0.0.1' });
const api = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;

// The drill-down pages of the largest things in the data: the session with the most rewards, the
// campaign with the most views, the busiest heatmap cell, the reward with the most redemptions.
const [longest] = (
  await api<{ rows: { user_id: string; session_start: string }[] }>(
    '/api/sessions?sort=-rewards_issued&limit=1',
  )
).rows;
const campaigns = (await api<{ rows: { campaign_id: number; views: number }[] }>('/api/campaigns')).rows;
const busiestCampaign = [...campaigns].sort((a, b) => b.views - a.views)[0];

const pages: [string, string][] = [
  ['overview', '/'],
  ['engagement', '/engagement'],
  ['weekly', '/weekly'],
  ['sessions', '/sessions'],
  ['sessions-most-rewards', '/sessions?sort=-rewards_issued'],
  ['campaigns', '/campaigns'],
];
if (longest) {
  const path = `/sessions/${encodeURIComponent(longest.user_id)}/${encodeURIComponent(longest.session_start)}`;
  pages.push(['session-most-rewards', path]);
}
if (busiestCampaign) {
  pages.push(['sessions-of-campaign', `/sessions?campaign=${busiestCampaign.campaign_id}&back=%2Fcampaigns`]);
}
const [peak] = (await api<{ rows: { campaign_id: number; date: string; time: string }[] }>('/api/engagement'))
  .rows;
if (peak) {
  const at = `${peak.date}T${peak.time.slice(0, 2)}`;
  pages.push([
    'transactions-of-peak-hour',
    `/transactions?campaign=${peak.campaign_id}&from=${at}:00&to=${at}:59&back=%2Fengagement`,
  ]);
}
const [week] = (await api<{ rows: { reward_campaign_id: number; week: string }[] }>('/api/weekly')).rows;
if (week) pages.push(['weekly-one-reward', `/weekly?reward=${week.reward_campaign_id}`]);

const maxShotHeight = 8000;
await mkdir(out, { recursive: true });
const browser = await launchChromium();
const heights: string[] = [];
try {
  for (const width of [1440, 390]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const [name, path] of pages) {
        const response = await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
        // A string: evaluated in the page, whose DOM types this Node project does not load.
        const [height, scrollWidth] = await page.evaluate<[number, number]>(
          '[document.documentElement.scrollHeight, document.documentElement.scrollWidth]',
        );
        const file = join(out, `${name}-${width}-${colorScheme}.png`);
        // The top of a page taller than this is enough to see what is wrong, and Chromium times out on
        // a whole page of tens of thousands of pixels.
        const shown = Math.min(height, maxShotHeight);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: shown } });
        heights.push(
          `${name.padEnd(22)} ${String(width).padStart(4)} ${colorScheme.padEnd(5)} ${String(response?.status()).padStart(3)} ${String(height).padStart(7)} px tall ${scrollWidth > width ? `, ${scrollWidth} px wide` : ''}`,
        );
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await database.close();
}
console.log(`screenshots in ${out}\n${heights.join('\n')}`);
