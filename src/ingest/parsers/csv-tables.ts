import { datasetFiles } from '../dataset-files.js';
import type { CsvSourceLine, CsvTable } from './csv-table.js';
import { requiredText, timestampField, wholeNumberField } from './fields.js';
import type { Timestamp } from './timestamp.js';

/** The four CSV files of the data set as typed rows. Every field is required. */

export interface Campaign extends CsvSourceLine {
  id: number | bigint;
  name: string;
  status: string;
}

export interface RewardCampaign extends CsvSourceLine {
  id: number | bigint;
  rewardName: string;
  updatedAt: Timestamp;
  campaignId: number | bigint;
}

export interface RewardTransaction extends CsvSourceLine {
  id: number | bigint;
  status: string;
  updatedAt: Timestamp;
  rewardCampaignId: number | bigint;
}

export interface CampaignRewardMapping extends CsvSourceLine {
  campaignId: number | bigint;
  rewardId: number | bigint;
}

export const campaignCsv: CsvTable<Campaign> = {
  file: datasetFiles.campaign,
  columns: ['id', 'name', 'status'],
  toRow: ([id = '', name = '', status = ''], source) => ({
    id: wholeNumberField('id', id),
    name: requiredText('name', name),
    status: requiredText('status', status),
    ...source,
  }),
};

export const rewardCampaignCsv: CsvTable<RewardCampaign> = {
  file: datasetFiles.rewardCampaign,
  columns: ['id', 'reward_name', 'updated_at', 'campaign_id'],
  toRow: ([id = '', rewardName = '', updatedAt = '', campaignId = ''], source) => ({
    id: wholeNumberField('id', id),
    rewardName: requiredText('reward_name', rewardName),
    updatedAt: timestampField('updated_at', updatedAt),
    campaignId: wholeNumberField('campaign_id', campaignId),
    ...source,
  }),
};

export const rewardTransactionCsv: CsvTable<RewardTransaction> = {
  file: datasetFiles.rewardTransaction,
  columns: ['id', 'status', 'updated_at', 'reward_campaign_id'],
  toRow: ([id = '', status = '', updatedAt = '', rewardCampaignId = ''], source) => ({
    id: wholeNumberField('id', id),
    status: requiredText('status', status),
    updatedAt: timestampField('updated_at', updatedAt),
    rewardCampaignId: wholeNumberField('reward_campaign_id', rewardCampaignId),
    ...source,
  }),
};

export const campaignRewardMappingCsv: CsvTable<CampaignRewardMapping> = {
  file: datasetFiles.campaignRewardMapping,
  columns: ['campaign_id', 'reward_id'],
  toRow: ([campaignId = '', rewardId = ''], source) => ({
    campaignId: wholeNumberField('campaign_id', campaignId),
    rewardId: wholeNumberField('reward_id', rewardId),
    ...source,
  }),
};
