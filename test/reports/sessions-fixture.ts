import type { Fixture } from './fixture.js';

/**
 * HTTP log lines, in file order, for the session, timeline and campaign reports. All on 2019-08-26 UTC.
 * Campaign 1 and campaign 3 both contain reward 100; campaign 2 contains 200; campaign 4 contains 400.
 */
export const sessionsFixture: Fixture = {
  mapping: [
    [1, 100],
    [2, 200],
    [3, 100],
    [4, 400],
  ],
  log: [
    // Gaps of 299 s (same session), 300 s (splits) and 301 s (splits).
    '2019-08-26T10:00:00Z GET /campaigns/1 u-gap',
    '2019-08-26T10:04:59Z GET /campaigns/1 u-gap',
    '2019-08-26T10:09:59Z GET /campaigns/2 u-gap',
    '2019-08-26T10:15:00Z POST /rewards/200 u-gap',
    // A reward issued before the view: not driven.
    '2019-08-26T11:00:00Z POST /rewards/100 u-before',
    '2019-08-26T11:01:00Z GET /campaigns/1 u-before',
    // The same reward before and after the view: only the later issues are driven.
    '2019-08-26T12:00:00Z POST /rewards/100 u-repeat',
    '2019-08-26T12:01:00Z GET /campaigns/1 u-repeat',
    '2019-08-26T12:02:00Z POST /rewards/100 u-repeat',
    '2019-08-26T12:03:00Z POST /rewards/100 u-repeat',
    // A view and an issue in the same second, the line first: driven (t1 <= t2).
    '2019-08-26T13:00:00Z POST /rewards/200 u-same-second',
    '2019-08-26T13:00:00Z GET /campaigns/2 u-same-second',
    // A view of a campaign that does not contain the reward: not driven.
    '2019-08-26T14:00:00Z GET /campaigns/4 u-wrong-campaign',
    '2019-08-26T14:01:00Z POST /rewards/200 u-wrong-campaign',
    // Another path bridges what would be a 480 s gap: one session, driven.
    '2019-08-26T15:00:00Z GET /campaigns/1 u-bridge',
    '2019-08-26T15:04:00Z GET /profile u-bridge',
    '2019-08-26T15:08:00Z POST /rewards/100 u-bridge',
    // Paths that are neither views nor issues, and one view written with leading zeros.
    '2019-08-26T16:00:00Z GET /campaigns/abc u-paths',
    '2019-08-26T16:00:01Z GET /campaigns/1/ u-paths',
    '2019-08-26T16:00:02Z POST /campaigns/1 u-paths',
    '2019-08-26T16:00:03Z GET /rewards/100 u-paths',
    '2019-08-26T16:00:04Z POST /rewards/100?source=mail u-paths',
    '2019-08-26T16:00:05Z GET /campaigns/0001 u-paths',
    // 20 digits: no bigint id, plain activity (19 digits up to 9223372036854775807 would be an issue).
    '2019-08-26T16:00:06Z POST /rewards/12345678901234567890 u-paths',
    // Unsorted lines with an exact duplicate: both copies are requests.
    '2019-08-26T17:05:00Z POST /rewards/100 u-unsorted',
    '2019-08-26T17:00:00Z GET /campaigns/3 u-unsorted',
    '2019-08-26T17:05:00Z POST /rewards/100 u-unsorted',
    '2019-08-26T17:02:00Z GET /campaigns/1 u-unsorted',
    // Offsets: 01:00 +08:00 is 17:00 UTC; 299 s later the same session, then 301 s after that a new one.
    '2019-08-27T01:00:00+08:00 GET /campaigns/2 u-offset',
    '2019-08-26T17:04:59+00:00 POST /rewards/200 u-offset',
    '2019-08-27T01:10:00+08:00 GET /campaigns/2 u-offset',
    // Two campaigns containing the issued reward were viewed before it.
    '2019-08-26T18:00:00Z GET /campaigns/3 u-multi',
    '2019-08-26T18:00:30Z GET /campaigns/1 u-multi',
    '2019-08-26T18:01:00Z POST /rewards/100 u-multi',
    // Requests 200 s apart for 20 minutes: one session.
    '2019-08-26T09:00:00Z GET /campaigns/4 u-chain',
    '2019-08-26T09:03:20Z GET /home u-chain',
    '2019-08-26T09:06:40Z GET /home u-chain',
    '2019-08-26T09:10:00Z GET /home u-chain',
    '2019-08-26T09:13:20Z GET /home u-chain',
    '2019-08-26T09:16:40Z GET /home u-chain',
    '2019-08-26T09:20:00Z GET /home u-chain',
  ],
};

const at = (time: string) => `2019-08-26T${time}.000Z`;

/** The sessions of sessionsFixture, worked out by hand, in user_id (bytewise) then start order. */
export const expectedSessions = [
  {
    user_id: 'u-before',
    session_start: at('11:00:00'),
    session_end: at('11:01:00'),
    campaigns: [1],
    rewards_issued: [100],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-bridge',
    session_start: at('15:00:00'),
    session_end: at('15:08:00'),
    campaigns: [1],
    rewards_issued: [100],
    reward_driven_by_campaign_view: true,
    driven_rewards: [100],
  },
  {
    user_id: 'u-chain',
    session_start: at('09:00:00'),
    session_end: at('09:20:00'),
    campaigns: [4],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-gap',
    session_start: at('10:00:00'),
    session_end: at('10:04:59'),
    campaigns: [1, 1],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-gap',
    session_start: at('10:09:59'),
    session_end: at('10:09:59'),
    campaigns: [2],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    // The view of campaign 2 was in the previous session.
    user_id: 'u-gap',
    session_start: at('10:15:00'),
    session_end: at('10:15:00'),
    campaigns: [],
    rewards_issued: [200],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-multi',
    session_start: at('18:00:00'),
    session_end: at('18:01:00'),
    campaigns: [3, 1],
    rewards_issued: [100],
    reward_driven_by_campaign_view: true,
    driven_rewards: [100],
  },
  {
    user_id: 'u-offset',
    session_start: at('17:00:00'),
    session_end: at('17:04:59'),
    campaigns: [2],
    rewards_issued: [200],
    reward_driven_by_campaign_view: true,
    driven_rewards: [200],
  },
  {
    user_id: 'u-offset',
    session_start: at('17:10:00'),
    session_end: at('17:10:00'),
    campaigns: [2],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-paths',
    session_start: at('16:00:00'),
    session_end: at('16:00:06'),
    campaigns: [1],
    rewards_issued: [],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
  {
    user_id: 'u-repeat',
    session_start: at('12:00:00'),
    session_end: at('12:03:00'),
    campaigns: [1],
    rewards_issued: [100, 100, 100],
    reward_driven_by_campaign_view: true,
    driven_rewards: [100, 100],
  },
  {
    user_id: 'u-same-second',
    session_start: at('13:00:00'),
    session_end: at('13:00:00'),
    campaigns: [2],
    rewards_issued: [200],
    reward_driven_by_campaign_view: true,
    driven_rewards: [200],
  },
  {
    user_id: 'u-unsorted',
    session_start: at('17:00:00'),
    session_end: at('17:05:00'),
    campaigns: [3, 1],
    rewards_issued: [100, 100],
    reward_driven_by_campaign_view: true,
    driven_rewards: [100, 100],
  },
  {
    user_id: 'u-wrong-campaign',
    session_start: at('14:00:00'),
    session_end: at('14:01:00'),
    campaigns: [4],
    rewards_issued: [200],
    reward_driven_by_campaign_view: false,
    driven_rewards: [],
  },
];
