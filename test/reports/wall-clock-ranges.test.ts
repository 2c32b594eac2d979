import { beforeAll, expect, it } from 'vitest';
import {
  campaignParamsSchema,
  campaignPerformance,
  engagementParamsSchema,
  engagementPeaks,
  sessionParamsSchema,
  sessionRows,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { collect, loadFixture } from './fixture.js';

/**
 * Local ranges are wall-clock ranges: --from A --to B selects the instants whose local reading lies in
 * [A, end of B), both passes of a repeated hour included, a skipped time being a mere boundary. Each
 * transaction has a campaign of its own (its id names it), so the campaigns in a range's peaks are the
 * transactions in it. Local readings worked out by hand from the 2024 rules:
 *
 * New York: EST -05:00; EDT -04:00 from 2024-03-10 02:00 (07:00Z) to 2024-11-03 02:00 EDT (06:00Z).
 *   1: 2024-11-03 05:40Z = 01:40 EDT (first 01:40)     2: 06:20Z = 01:20 EST (second pass)
 *   3: 2024-11-03 06:40Z = 01:40 EST (second 01:40)    4: 2024-03-10 07:10Z = 03:10 EDT
 *   5: 2024-03-10 06:50Z = 01:50 EST
 * London: GMT +00:00; BST +01:00 from 2024-03-31 01:00Z to 2024-10-27 01:00Z (02:00 BST -> 01:00 GMT).
 *   11: 2024-10-27 00:40Z = 01:40 BST (first pass)     12: 01:20Z = 01:20 GMT (second pass)
 *   13: 2024-03-31 01:10Z = 02:10 BST                  14: 2024-03-31 00:50Z = 00:50 GMT
 * Lord Howe: +10:30; +11:00 (a 30-minute shift) until 2024-04-07 02:00 (2024-04-06 15:00Z, back to
 * 01:30) and again from 2024-10-06 02:00 (2024-10-05 15:30Z, forward to 02:30).
 *   21: 2024-04-06 14:45Z = 01:45 (+11:00, first pass) 22: 15:20Z = 01:50 (+10:30, second pass)
 *   23: 2024-04-06 15:05Z = 01:35 (+10:30)             24: 2024-10-05 15:35Z = 02:35 (+11:00)
 *   25: 2024-10-05 15:25Z = 01:55 (+10:30)
 */
const transactions: [number, string][] = [
  [1, '2024-11-03T05:40:00Z'],
  [2, '2024-11-03T06:20:00Z'],
  [3, '2024-11-03T06:40:00Z'],
  [4, '2024-03-10T07:10:00Z'],
  [5, '2024-03-10T06:50:00Z'],
  [11, '2024-10-27T00:40:00Z'],
  [12, '2024-10-27T01:20:00Z'],
  [13, '2024-03-31T01:10:00Z'],
  [14, '2024-03-31T00:50:00Z'],
  [21, '2024-04-06T14:45:00Z'],
  [22, '2024-04-06T15:20:00Z'],
  [23, '2024-04-06T15:05:00Z'],
  [24, '2024-10-05T15:35:00Z'],
  [25, '2024-10-05T15:25:00Z'],
];

describeEachEngine('wall-clock ranges across daylight-saving changes', ({ database }) => {
  beforeAll(() =>
    loadFixture(database(), {
      campaigns: transactions.map(([id]) => [id, `c${id}`]),
      rewardCampaigns: transactions.map(([id]) => [id, `r${id}`, id]),
      transactions: transactions.map(([id, at]) => [id, 'redeemed', at, id]),
      // One request per transaction instant, each its own user and so its own session, viewing campaign id.
      log: transactions.map(([id, at]) => `${at} GET /campaigns/${id} u${id}`),
    }),
  );

  const inRange = async (tz: string, from: string, to: string) => {
    const peaks = await collect(engagementPeaks(database(), engagementParamsSchema.parse({ tz, from, to })));
    return peaks.map((row) => row.campaign_id).sort((a, b) => Number(a) - Number(b));
  };

  it.each([
    // Fall back: the first 01:40 is outside a range that ends at 01:30; the second pass's 01:20 is inside.
    ['America/New_York', '2024-11-03', '2024-11-03T01:30', [2]],
    // Both readings of 01:40 are inside [01:30, 01:46).
    ['America/New_York', '2024-11-03T01:30', '2024-11-03T01:45', [1, 3]],
    // Spring forward: 02:30 does not exist; it is a boundary, and 03:10 is inside.
    ['America/New_York', '2024-03-10T02:30', '2024-03-10T03:15', [4]],
    ['America/New_York', '2024-03-10T02:00', '2024-03-10T02:59', []],
    ['Europe/London', '2024-10-27T01:30', '2024-10-27T01:45', [11]],
    ['Europe/London', '2024-10-27T01:00', '2024-10-27T01:29', [12]],
    ['Europe/London', '2024-03-31T01:30', '2024-03-31T02:15', [13]],
    ['Europe/London', '2024-03-31', '2024-03-31T01:59', [14]],
    ['Australia/Lord_Howe', '2024-04-07T01:40', '2024-04-07T01:49', [21]],
    ['Australia/Lord_Howe', '2024-04-07T01:30', '2024-04-07T01:50', [21, 22, 23]],
    ['Australia/Lord_Howe', '2024-10-06T02:10', '2024-10-06T02:40', [24]],
    ['Australia/Lord_Howe', '2024-10-06T02:00', '2024-10-06T02:29', []],
  ])('%s [%s, %s] holds the transactions %j', async (tz, from, to, expected) => {
    expect(await inRange(tz, from, to)).toEqual(expected);
  });

  it('counts both passes of a repeated hour in one local hour', async () => {
    const peaks = await collect(
      engagementPeaks(
        database(),
        engagementParamsSchema.parse({
          tz: 'America/New_York',
          from: '2024-11-03T01:30',
          to: '2024-11-03T01:45',
        }),
      ),
    );
    expect(peaks.map((row) => [row.campaign_id, row.date, row.time])).toEqual([
      [1, '2024-11-03', '01:00'],
      [3, '2024-11-03', '01:00'],
    ]);
  });

  it('bounds sessions and campaign performance on the same wall clock', async () => {
    const params = { tz: 'America/New_York', from: '2024-11-03', to: '2024-11-03T01:30' };
    const sessions = await collect(sessionRows(database(), sessionParamsSchema.parse(params)));
    expect(sessions.map((row) => row.user_id)).toEqual(['u2']);
    const campaigns = await collect(campaignPerformance(database(), campaignParamsSchema.parse(params)));
    expect(campaigns.map((row) => row.campaign_id)).toEqual([2]);
  });
});
