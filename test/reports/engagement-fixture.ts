import type { Fixture } from './fixture.js';

/** Reward transactions around day boundaries; Singapore (SGT) is UTC+8 all year. */
export const engagementFixture: Fixture = {
  campaigns: [
    [1, 'Alpha'],
    [2, 'Beta, "the second"'],
    [3, 'Gamma'],
  ],
  rewardCampaigns: [
    [10, 'Tenth', 1],
    [11, 'Eleventh', 1],
    [20, 'Twentieth', 2],
    [30, 'Thirtieth', 3],
  ],
  transactions: [
    // Campaign 1 around the SGT midnight of 12/13 August.
    [1, 'redeemed', '2019-08-12 15:59:59 UTC', 10], // SGT 08-12 23:59:59
    [2, 'redeemed', '2019-08-12 16:00:00 UTC', 10], // SGT 08-13 00:00:00
    [3, 'issued', '2019-08-12 16:30:00 UTC', 11], // SGT 08-13 00:30, any status counts
    [4, 'redeemed', '2019-08-12 15:10:00 UTC', 10], // SGT 08-12 23:10
    [5, 'redeemed', '2019-08-12 16:59:59.999 UTC', 11], // SGT 08-13 00:59:59.999
    // Campaign 2: two hours tie with two transactions each.
    [6, 'redeemed', '2019-08-06 01:00:00 UTC', 20], // SGT 08-06 09:00
    [7, 'redeemed', '2019-08-06 01:30:00 UTC', 20], // SGT 08-06 09:30
    [8, 'redeemed', '2019-08-06 03:00:00 UTC', 20], // SGT 08-06 11:00
    [9, 'redeemed', '2019-08-13 02:00:00 UTC', 20], // SGT 08-13 10:00
    [10, 'redeemed', '2019-08-20 02:00:00 UTC', 20], // SGT 08-20 10:00
    [11, 'redeemed', '2019-08-20 02:45:00 UTC', 20], // SGT 08-20 10:45
    // Campaign 3, written with an offset.
    [12, 'issued', '2019-08-20T00:00:00+08:00', 30], // SGT 08-20 00:00, UTC 08-19 16:00
  ],
};
