import type { CopyValue } from '../db/copy-text.js';
import type {
  Campaign,
  CampaignRewardMapping,
  RewardCampaign,
  RewardTransaction,
} from './parsers/csv-tables.js';

/** Where a parsed row is copied to, and as which values (see load-staging.sql for the staging tables). */
export interface CopyTarget<Row> {
  table: string;
  columns: readonly string[];
  values(row: Row): CopyValue[];
}

export const campaignStaging: CopyTarget<Campaign> = {
  table: 'campaign_staging',
  columns: ['id', 'name', 'status', 'source_line', 'raw'],
  values: (row) => [row.id, row.name, row.status, row.line, row.raw],
};

export const rewardCampaignStaging: CopyTarget<RewardCampaign> = {
  table: 'reward_campaign_staging',
  columns: ['id', 'reward_name', 'updated_at', 'campaign_id', 'source_line', 'raw'],
  values: (row) => [row.id, row.rewardName, row.updatedAt, row.campaignId, row.line, row.raw],
};

export const rewardTransactionStaging: CopyTarget<RewardTransaction> = {
  table: 'reward_transaction_staging',
  columns: ['id', 'status', 'updated_at', 'reward_campaign_id', 'source_line', 'raw'],
  values: (row) => [row.id, row.status, row.updatedAt, row.rewardCampaignId, row.line, row.raw],
};

export const campaignRewardMappingStaging: CopyTarget<CampaignRewardMapping> = {
  table: 'campaign_reward_mapping_staging',
  columns: ['campaign_id', 'reward_id'],
  values: (row) => [row.campaignId, row.rewardId],
};
