/** The five files of the Perx data set, in the order they load: parents before the rows that name them. */
export const datasetFiles = {
  campaign: 'campaign.csv',
  rewardCampaign: 'reward_campaign.csv',
  rewardTransaction: 'reward_transaction.csv',
  campaignRewardMapping: 'campaign_reward_mapping.csv',
  httpLog: 'http_log.txt',
} as const;

export type DatasetFileName = (typeof datasetFiles)[keyof typeof datasetFiles];

export const datasetFileNames: readonly DatasetFileName[] = Object.values(datasetFiles);
