import { beforeAll, expect, it } from 'vitest';
import { bundledSource } from '../../src/config/config.js';
import { ingest } from '../../src/ingest/load.js';
import {
  campaignParamsSchema,
  campaignPerformance,
  computeAllReports,
  engagementParamsSchema,
  engagementPeaks,
  sessionParamsSchema,
  sessionRows,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { asJson, collect } from './fixture.js';
import { sessionOracle } from './session-oracle.js';

describeEachEngine('reports on the real Perx data', ({ database }) => {
  beforeAll(async () => {
    await ingest(database(), { source: bundledSource });
  });

  it('gives user 1014506 one undriven session with three views of campaign 11', async () => {
    expect(
      asJson(await collect(sessionRows(database(), sessionParamsSchema.parse({ user: '1014506' })))),
    ).toEqual([
      {
        user_id: '1014506',
        session_start: '2019-08-26T17:25:19.000Z',
        session_end: '2019-08-26T17:26:54.000Z',
        campaigns: [11, 11, 11],
        rewards_issued: [7993],
        reward_driven_by_campaign_view: false,
        driven_rewards: [],
      },
    ]);
  });

  it('gives "My Reward" 7 redemptions in the week of 2019-08-12, then 3 (-57.14%)', async () => {
    expect(await collect(weeklyRedemptions(database(), weeklyParamsSchema.parse({})))).toEqual([
      {
        reward_campaign_id: 1,
        reward_name: 'My Reward',
        week: '2019-08-12',
        reward_redeemed_count: 7,
        percentage_difference: null,
      },
      {
        reward_campaign_id: 1,
        reward_name: 'My Reward',
        week: '2019-08-19',
        reward_redeemed_count: 3,
        percentage_difference: -57.14,
      },
    ]);
  });

  it('ties every day at 19:00 SGT: each of the ten transactions was at 11:04:10.041 UTC on its own day', async () => {
    const days = ['12', '13', '14', '15', '16', '17', '18', '19', '21', '22'];
    expect(await collect(engagementPeaks(database(), engagementParamsSchema.parse({})))).toEqual(
      days.map((day) => ({
        campaign_id: 1,
        campaign_name: 'My Camapign 1',
        no_of_transactions: 1,
        date: `2019-08-${day}`,
        time: '19:00',
      })),
    );
  });

  it('agrees with the definitions applied request by request to the files', async () => {
    const oracle = await sessionOracle(bundledSource);
    const sessions = asJson(await collect(sessionRows(database(), sessionParamsSchema.parse({}))));
    expect(sessions).toEqual(oracle.sessions);
    expect(oracle.sessions.length).toBeGreaterThan(7000);
    expect(
      oracle.sessions.filter((session) => session.reward_driven_by_campaign_view).length,
    ).toBeGreaterThan(0);

    const campaigns = await collect(campaignPerformance(database(), campaignParamsSchema.parse({})));
    expect(campaigns.map(({ conversion: _conversion, ...counts }) => counts)).toEqual(oracle.campaigns);
    for (const row of campaigns) {
      expect(row.conversion).toBeCloseTo(row.driven_sessions / row.sessions_with_view, 4);
    }
  });

  it('stores all four reports from this ingest', async () => {
    const runs = await computeAllReports(database());
    const oracle = await sessionOracle(bundledSource);
    expect(runs.map((run) => [run.report, run.row_count, run.ingest_run_id])).toEqual([
      ['engagement', 10, 1],
      ['weekly', 2, 1],
      ['sessions', oracle.sessions.length, 1],
      ['campaigns', oracle.campaigns.length, 1],
    ]);
  });
});
