import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/load.js';
import type { IngestSummary } from '../../src/ingest/reconciliation.js';
import {
  sessionParamsSchema,
  sessionRows,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { asJson, collect } from '../reports/fixture.js';
import { describeEachEngine } from '../support/engines.js';

/**
 * The README's file rules, through a real ingest and the reports, worked out by hand:
 * - `get` is an RFC 9110 method of its own: loaded, plain activity (not a view), and it bridges a gap.
 *   u1: GET /campaigns/1 at 00:00, get /health at 00:04, POST /rewards/10 at 00:08, get /campaigns/1 at
 *   00:12. Without the lowercase lines the gap 00:00 -> 00:08 (480 s) would split; with them every gap
 *   is 240 s: one session 00:00-00:12, campaigns [1] only (the lowercase view is no view), the issue
 *   driven by the view (campaign 1 maps to reward 10).
 * - CSV spaces are data: ` redeemed` (unquoted) and `"redeemed "` load as they are written and are not
 *   `redeemed`; of the three transactions of 2019-08-27 (a Tuesday; UTC week of Monday 2019-08-26) one
 *   counts.
 */
const files = {
  'campaign.csv': 'id,name,status\n1,One,active\n',
  'reward_campaign.csv': 'id,reward_name,updated_at,campaign_id\n10,Ten,2019-08-01 00:00:00 UTC,1\n',
  'reward_transaction.csv':
    'id,status,updated_at,reward_campaign_id\n' +
    '100,redeemed,2019-08-27 00:00:00 UTC,10\n' +
    '101, redeemed,2019-08-27 00:00:00 UTC,10\n' +
    '102,"redeemed ",2019-08-27 00:00:00 UTC,10\n',
  'campaign_reward_mapping.csv': 'campaign_id,reward_id\n1,10\n',
  'http_log.txt':
    '2019-08-27T00:00:00Z GET /campaigns/1 u1\n' +
    '2019-08-27T00:04:00Z get /health u1\n' +
    '2019-08-27T00:08:00Z POST /rewards/10 u1\n' +
    '2019-08-27T00:12:00Z get /campaigns/1 u1\n',
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-grammar-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describeEachEngine('the file rules end to end', ({ database }) => {
  let summary: IngestSummary;
  beforeAll(async () => {
    summary = await ingest(database(), { source: folder, strict: true });
  });

  it('loads every line: lowercase methods and fields with spaces included', () => {
    expect(summary.files.map((file) => [file.file, file.lines, file.loaded, file.rejected])).toEqual([
      ['campaign.csv', 1, 1, 0],
      ['reward_campaign.csv', 1, 1, 0],
      ['reward_transaction.csv', 3, 3, 0],
      ['campaign_reward_mapping.csv', 1, 1, 0],
      ['http_log.txt', 4, 4, 0],
    ]);
  });

  it('takes a lowercase method as plain activity that bridges a gap', async () => {
    const rows = await collect(sessionRows(database(), sessionParamsSchema.parse({ tz: 'UTC' })));
    expect(asJson(rows)).toEqual([
      {
        user_id: 'u1',
        session_start: '2019-08-27T00:00:00.000Z',
        session_end: '2019-08-27T00:12:00.000Z',
        campaigns: [1],
        rewards_issued: [10],
        reward_driven_by_campaign_view: true,
        driven_rewards: [10],
      },
    ]);
  });

  it('keeps spaces in CSV fields, so only an exact redeemed counts', async () => {
    const statuses = await database().query<{ status: string }>(
      'SELECT status FROM reward_transaction ORDER BY id',
    );
    expect(statuses.map((row) => row.status)).toEqual(['redeemed', ' redeemed', 'redeemed ']);
    const weeks = await collect(weeklyRedemptions(database(), weeklyParamsSchema.parse({ tz: 'UTC' })));
    expect(weeks.map((row) => [row.week, row.reward_redeemed_count])).toEqual([['2019-08-26', 1]]);
  });
});
