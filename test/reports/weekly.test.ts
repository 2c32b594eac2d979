import { beforeAll, expect, it } from 'vitest';
import { weeklyParamsSchema, weeklyRedemptions } from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { collect, loadFixture } from './fixture.js';
import { weeklyFixture } from './weekly-fixture.js';

const week = (reward_campaign_id: number, week: string, count: number, percentage: number | null) => ({
  reward_campaign_id,
  reward_name: { 10: 'Tenth', 11: 'Eleventh', 20: 'Twentieth' }[reward_campaign_id],
  week,
  reward_redeemed_count: count,
  percentage_difference: percentage,
});

describeEachEngine('weekly report', ({ database }) => {
  const weekly = (input: Record<string, unknown>) =>
    collect(weeklyRedemptions(database(), weeklyParamsSchema.parse(input)));

  beforeAll(() => loadFixture(database(), weeklyFixture));

  it('counts redemptions per SGT Monday week, continuous, against the previous calendar week', async () => {
    expect(await weekly({})).toEqual([
      week(10, '2019-08-05', 2, null),
      // The empty week inside the series: 0, and then no percentage for the week after it.
      week(10, '2019-08-12', 0, -100),
      // The Sunday 20:30 UTC redemption is Monday 04:30 in SGT, so it counts here.
      week(10, '2019-08-19', 3, null),
      week(10, '2019-08-26', 3, 0),
      week(11, '2019-09-09', 1, null),
      week(20, '2019-08-05', 3, null),
      week(20, '2019-08-12', 1, -66.67),
      week(20, '2019-08-19', 2, 100),
    ]);
  });

  it('puts a Sunday 20:30 UTC redemption in the earlier week when reporting in UTC', async () => {
    expect(await weekly({ tz: 'UTC' })).toEqual([
      week(10, '2019-08-05', 2, null),
      week(10, '2019-08-12', 1, -50),
      week(10, '2019-08-19', 2, 100),
      week(10, '2019-08-26', 3, 50),
      week(11, '2019-09-02', 1, null),
      week(20, '2019-08-05', 3, null),
      week(20, '2019-08-12', 1, -66.67),
      week(20, '2019-08-19', 2, 100),
    ]);
  });

  it('starts weeks on Sunday when asked', async () => {
    expect(await weekly({ weekStart: 'sunday' })).toEqual([
      week(10, '2019-08-04', 2, null),
      week(10, '2019-08-11', 0, -100),
      week(10, '2019-08-18', 2, null),
      // Sunday 08-25 10:00 SGT now opens a week instead of closing one.
      week(10, '2019-08-25', 4, 100),
      week(11, '2019-09-08', 1, null),
      week(20, '2019-08-04', 3, null),
      week(20, '2019-08-11', 1, -66.67),
      week(20, '2019-08-18', 2, 100),
    ]);
  });

  it('shows the weeks overlapping the range, each compared with its real previous week', async () => {
    expect(await weekly({ from: '2019-08-14', to: '2019-08-20' })).toEqual([
      week(10, '2019-08-12', 0, -100),
      week(10, '2019-08-19', 3, null),
      week(20, '2019-08-12', 1, -66.67),
      week(20, '2019-08-19', 2, 100),
    ]);
    // A Sunday belongs to the Monday week before it.
    expect(await weekly({ from: '2019-08-18', to: '2019-08-18' })).toEqual([
      week(10, '2019-08-12', 0, -100),
      week(20, '2019-08-12', 1, -66.67),
    ]);
    expect(await weekly({ from: '2020-01-01' })).toEqual([]);
  });
});
