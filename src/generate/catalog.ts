import { SeededRandom } from './seeded-random.js';

/**
 * The campaigns and their rewards. Campaign ids run 1..campaignCount and reward ids 1..rewardCount; each
 * reward belongs to one campaign (reward_campaign.campaign_id), and a campaign's own rewards have
 * consecutive ids, so the catalog is two typed arrays however many requests name it.
 */
export interface Catalog {
  readonly campaignCount: number;
  readonly rewardCount: number;
  /** The rewards of campaign c are firstReward[c] .. firstReward[c + 1] - 1 (index 0 is unused). */
  readonly firstReward: Int32Array;
  /** The campaign that owns reward r (index 0 is unused). */
  readonly ownerCampaign: Int32Array;
  /** Campaign ids from most to least popular, so popularity does not follow the id. */
  readonly campaignsByPopularity: Int32Array;
}

export const minRewardsPerCampaign = 2;
export const maxRewardsPerCampaign = 12;

export function buildCatalog(campaignCount: number, seed: number): Catalog {
  const random = new SeededRandom(seed, 'catalog');
  const firstReward = new Int32Array(campaignCount + 2);
  let nextReward = 1;
  for (let campaign = 1; campaign <= campaignCount; campaign++) {
    firstReward[campaign] = nextReward;
    // Most campaigns carry a handful of rewards; a few carry many.
    nextReward += random.chance(0.15)
      ? random.between(7, maxRewardsPerCampaign)
      : random.between(minRewardsPerCampaign, 6);
  }
  firstReward[campaignCount + 1] = nextReward;
  const rewardCount = nextReward - 1;

  const ownerCampaign = new Int32Array(rewardCount + 1);
  for (let campaign = 1; campaign <= campaignCount; campaign++) {
    ownerCampaign.fill(campaign, firstReward[campaign], firstReward[campaign + 1]);
  }

  const campaignsByPopularity = new Int32Array(campaignCount);
  for (let index = 0; index < campaignCount; index++) campaignsByPopularity[index] = index + 1;
  for (let index = campaignCount - 1; index > 0; index--) {
    const other = random.below(index + 1);
    const swapped = campaignsByPopularity[index] as number;
    campaignsByPopularity[index] = campaignsByPopularity[other] as number;
    campaignsByPopularity[other] = swapped;
  }

  return { campaignCount, rewardCount, firstReward, ownerCampaign, campaignsByPopularity };
}

/** A campaign drawn with a long tail: a few campaigns get most of the traffic. */
export function popularCampaign(catalog: Catalog, random: SeededRandom): number {
  const u = random.float();
  return catalog.campaignsByPopularity[Math.floor(u * u * u * catalog.campaignCount)] as number;
}

/** One of the campaign's own rewards, each as likely as the next. */
export function rewardOfCampaign(catalog: Catalog, campaign: number, random: SeededRandom): number {
  const first = catalog.firstReward[campaign] as number;
  const end = catalog.firstReward[campaign + 1] as number;
  return first + random.below(end - first);
}

/** A reward of a popular campaign. */
export function popularReward(catalog: Catalog, random: SeededRandom): number {
  return rewardOfCampaign(catalog, popularCampaign(catalog, random), random);
}
