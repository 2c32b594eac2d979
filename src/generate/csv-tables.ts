import { popularCampaign, popularReward, type Catalog } from './catalog.js';
import { SeededRandom } from './seeded-random.js';
import { secondsPerDay, transactionCount, transactionWindow, type GenerateSettings } from './settings.js';
import { csvTimestamp } from './timestamp-format.js';

/**
 * The rows of the four CSV files, headers spelled as in the real files (campaign.csv says `Id`). Rows come
 * out in id order; the writer shuffles them within a window, as the real files are not sorted.
 */

export const csvHeaders = {
  campaign: 'Id,name,status\n',
  rewardCampaign: 'id,reward_name,updated_at,campaign_id\n',
  rewardTransaction: 'id,status,updated_at,reward_campaign_id\n',
  campaignRewardMapping: 'campaign_id,reward_id\n',
} as const;

/** Each status with its share of the transactions. */
const statusShares = [
  ['issued', 0.4],
  ['redeemed', 0.35],
  ['cancelled', 0.13],
  ['expired', 0.12],
] as const;

export const transactionStatuses: readonly string[] = statusShares.map(([status]) => status);

// Some names carry a comma or a double quote, so a reader that splits on commas shows itself at once.
const campaignThemes = [
  'My Campaign',
  'Weekend Treats',
  'Coffee Club',
  'Double Points, Weekdays',
  'Dine & Win',
];
const rewardThemes = ['My Reward', 'Free Coffee, Large', '12" Pizza', 'Movie Ticket', 'Cashback 5%'];

export function* campaignRows(catalog: Catalog, seed: number): Generator<string> {
  const random = new SeededRandom(seed, 'campaign');
  for (let id = 1; id <= catalog.campaignCount; id++) {
    const theme = random.chance(0.8) ? 'My Campaign' : random.pick(campaignThemes);
    const status = random.chance(0.75) ? 'active' : 'inactive';
    yield `${id},${csvField(`${theme} ${id}`)},${status}\n`;
  }
}

export function* rewardCampaignRows(catalog: Catalog, settings: GenerateSettings): Generator<string> {
  const random = new SeededRandom(settings.seed, 'reward_campaign');
  const startMilliseconds = settings.startSeconds * 1000;
  for (let id = 1; id <= catalog.rewardCount; id++) {
    const theme = random.chance(0.8) ? 'My Reward' : random.pick(rewardThemes);
    // Rewards were last edited in the two months before the log starts.
    const updatedAt = startMilliseconds - 1 - random.below(60 * secondsPerDay * 1000);
    yield `${id},${csvField(`${theme}-${id}`)},${csvTimestamp(updatedAt)},${catalog.ownerCampaign[id]}\n`;
  }
}

/**
 * Every reward is mapped to its own campaign, many also to other campaigns (many-to-many), and some pairs
 * appear twice, as in the real file.
 */
export function* campaignRewardMappingRows(catalog: Catalog, seed: number): Generator<string> {
  const random = new SeededRandom(seed, 'campaign_reward_mapping');
  for (let reward = 1; reward <= catalog.rewardCount; reward++) {
    const campaigns = [catalog.ownerCampaign[reward] as number];
    if (random.chance(0.3)) {
      for (let extra = random.between(1, 3); extra > 0; extra--)
        campaigns.push(popularCampaign(catalog, random));
    }
    for (const campaign of campaigns) {
      const row = `${campaign},${reward}\n`;
      yield row;
      if (random.chance(0.2)) yield row;
    }
  }
}

export function* rewardTransactionRows(catalog: Catalog, settings: GenerateSettings): Generator<string> {
  const random = new SeededRandom(settings.seed, 'reward_transaction');
  const window = transactionWindow(settings);
  const gapMilliseconds = (window.gapToSeconds - window.gapFromSeconds) * 1000;
  const spanMilliseconds = (window.toSeconds - window.fromSeconds) * 1000 - gapMilliseconds;
  const count = transactionCount(settings);
  for (let id = 1; id <= count; id++) {
    let updatedAt = window.fromSeconds * 1000 + random.below(spanMilliseconds);
    if (updatedAt >= window.gapFromSeconds * 1000) updatedAt += gapMilliseconds;
    const status = pickStatus(random.float());
    yield `${id},${status},${csvTimestamp(updatedAt)},${popularReward(catalog, random)}\n`;
  }
}

function pickStatus(x: number): string {
  let share = 0;
  for (const [status, weight] of statusShares) {
    share += weight;
    if (x < share) return status;
  }
  // The shares add up to 1 only up to rounding.
  return statusShares[3][0];
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
