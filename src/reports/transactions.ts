import { z } from 'zod';
import type { Database, Int8 } from '../db/database.js';
import { checkRange, idParam, localMomentParam, timeZoneParam } from './params.js';
import { reportPage, type ReportPage, type ReportPageRequest, type ReportStatement } from './report-page.js';

/** One reward transaction, with its reward and campaign. */
export interface TransactionRow {
  transaction_id: Int8;
  status: string;
  updated_at: Date;
  reward_campaign_id: Int8;
  reward_name: string;
  campaign_id: Int8;
  campaign_name: string;
}

export const transactionColumns = [
  'transaction_id',
  'status',
  'updated_at',
  'reward_campaign_id',
  'reward_name',
  'campaign_id',
  'campaign_name',
] as const satisfies readonly (keyof TransactionRow)[];

/** The transactions behind a heatmap cell or a weekly row: any of the filters, a range on the wall clock. */
export const transactionParamsSchema = z
  .object({
    tz: timeZoneParam,
    from: localMomentParam,
    to: localMomentParam,
    campaign: idParam,
    reward: idParam,
    status: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().max(200, 'a status is at most 200 characters').optional(),
    ),
  })
  .superRefine(checkRange);

export type TransactionParams = z.output<typeof transactionParamsSchema>;

export function transactionStatement(params: TransactionParams): ReportStatement {
  return {
    file: 'transactions.sql',
    values: {
      tz: params.tz,
      from_local: params.from?.start ?? null,
      to_local_end: params.to?.end ?? null,
      campaign_id: params.campaign ?? null,
      reward_campaign_id: params.reward ?? null,
      status: params.status ?? null,
    },
  };
}

/** One page of the matching transactions, in time order unless sorted otherwise, and how many match. */
export function transactionPage(
  database: Database,
  params: TransactionParams,
  page: ReportPageRequest,
): Promise<ReportPage<TransactionRow>> {
  return reportPage<TransactionRow>(database, transactionStatement(params), transactionColumns, page);
}
