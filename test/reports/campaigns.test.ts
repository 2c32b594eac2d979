import { beforeAll, expect, it } from 'vitest';
import { campaignParamsSchema, campaignPerformance } from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { collect, loadFixture } from './fixture.js';
import { sessionsFixture } from './sessions-fixture.js';

const campaign = (
  campaign_id: number,
  views: number,
  unique_viewers: number,
  sessions_with_view: number,
  driven_issues: number,
  driven_sessions: number,
  conversion: number,
) => ({ campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions, conversion });

describeEachEngine('campaign performance report', ({ database }) => {
  const campaigns = (input: Record<string, unknown>) =>
    collect(campaignPerformance(database(), campaignParamsSchema.parse(input)));

  beforeAll(() => loadFixture(database(), sessionsFixture));

  it('counts views, viewers, sessions and the issues each campaign drove', async () => {
    expect(await campaigns({})).toEqual([
      // Views: u-before, u-bridge, u-gap (twice), u-multi, u-paths (/campaigns/0001), u-repeat,
      // u-unsorted. Driven issues of reward 100: u-bridge 1, u-multi 1, u-repeat 2 (not the first),
      // u-unsorted 2 (the duplicate line too); u-before's issue came before its view.
      campaign(1, 8, 7, 7, 6, 4, 0.5714),
      // u-gap's view is in an earlier session than its issue; u-offset's second session has no issue.
      campaign(2, 4, 3, 4, 2, 2, 0.5),
      // Campaign 3 also contains reward 100: u-multi and u-unsorted count here as well.
      campaign(3, 2, 2, 2, 3, 2, 1),
      // Reward 200 issued after a view of campaign 4 is not campaign 4's.
      campaign(4, 2, 2, 2, 0, 0, 0),
    ]);
  });

  it('takes the sessions starting in the range, both ends included', async () => {
    // u-offset (17:00, 17:10), u-unsorted (17:00) and u-multi (18:00:00, inside the minute 18:00).
    expect(await campaigns({ tz: 'UTC', from: '2019-08-26T17:00', to: '2019-08-26T18:00' })).toEqual([
      campaign(1, 2, 2, 2, 3, 2, 1),
      campaign(2, 2, 1, 2, 1, 1, 0.5),
      campaign(3, 2, 2, 2, 3, 2, 1),
    ]);
    expect(await campaigns({ from: '2019-08-27T01:00', to: '2019-08-27T02:00' })).toEqual(
      await campaigns({ tz: 'UTC', from: '2019-08-26T17:00', to: '2019-08-26T18:00' }),
    );
    expect(await campaigns({ from: '2019-09-01' })).toEqual([]);
  });

  it('follows the session gap', async () => {
    // With a 600 s gap u-gap's four requests are one session, so its view of campaign 2 drives reward
    // 200, and u-offset's two sessions (301 s apart) become one.
    const [, second] = await campaigns({ gap: 600 });
    expect(second).toEqual(campaign(2, 4, 3, 3, 3, 3, 1));
  });
});
