import type { Fixture } from './fixture.js';

/** Redemptions around week boundaries; Singapore (SGT) is UTC+8 all year. 2019-08-05 is a Monday. */
export const weeklyFixture: Fixture = {
  campaigns: [
    [1, 'Alpha'],
    [2, 'Beta'],
    [3, 'Gamma'],
  ],
  rewardCampaigns: [
    [10, 'Tenth', 1],
    [11, 'Eleventh', 1],
    [20, 'Twentieth', 2],
    [30, 'Thirtieth', 3],
  ],
  transactions: [
    [1, 'redeemed', '2019-08-05 01:00:00 UTC', 10], // SGT Mon 08-05 09:00
    [2, 'redeemed', '2019-08-07 10:00:00 UTC', 10], // SGT Wed 08-07 18:00
    [3, 'issued', '2019-08-06 10:00:00 UTC', 10], // not redeemed
    // Nothing for reward 10 in the SGT week of 08-12: an empty week inside its series.
    [4, 'redeemed', '2019-08-18 20:30:00 UTC', 10], // Sunday 20:30 UTC is SGT Mon 08-19 04:30
    [5, 'redeemed', '2019-08-19 02:00:00 UTC', 10], // SGT Mon 08-19 10:00
    [6, 'redeemed', '2019-08-25 02:00:00 UTC', 10], // SGT Sun 08-25 10:00
    [7, 'redeemed', '2019-08-26 03:00:00 UTC', 10], // SGT Mon 08-26
    [8, 'redeemed', '2019-08-27 03:00:00 UTC', 10], // SGT Tue 08-27
    [9, 'redeemed', '2019-08-28 03:00:00 UTC', 10], // SGT Wed 08-28
    [10, 'redeemed', '2019-09-09T00:00:00+08:00', 11], // SGT Mon 09-09 00:00, UTC Sun 09-08 16:00
    [11, 'redeemed', '2019-08-06 01:00:00 UTC', 20], // SGT Tue 08-06
    [12, 'redeemed', '2019-08-06 02:00:00 UTC', 20],
    [13, 'redeemed', '2019-08-06 03:00:00 UTC', 20],
    [14, 'redeemed', '2019-08-13 01:00:00 UTC', 20], // SGT Tue 08-13
    [15, 'redeemed', '2019-08-20 01:00:00 UTC', 20], // SGT Tue 08-20
    [16, 'redeemed', '2019-08-21 01:00:00 UTC', 20], // SGT Wed 08-21
    [17, 'issued', '2019-08-21 01:00:00 UTC', 30], // reward 30 has no redemption: no rows
  ],
};
