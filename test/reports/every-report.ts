import type { Database } from '../../src/db/database.js';
import { formatRows, type RowSource } from '../../src/output/index.js';
import {
  campaignColumns,
  campaignParamsSchema,
  campaignPerformance,
  engagementColumns,
  engagementMatrix,
  engagementMatrixColumns,
  engagementParamsSchema,
  engagementPeaks,
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  weeklyColumns,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../src/reports/index.js';

async function text(rows: RowSource, columns: readonly string[], timeZone: string): Promise<string> {
  let rendered = '';
  for await (const chunk of formatRows(rows, 'json', columns, timeZone)) rendered += chunk;
  return rendered;
}

/** Every report, with a spread of parameters, as JSON text: what must not differ between engines. */
export async function everyReport(database: Database): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const ranges = [
    {},
    { from: '2019-08-13', to: '2019-08-20' },
    { from: '2019-08-26T18:00', to: '2019-08-27' },
  ];
  for (const tz of ['Asia/Singapore', 'UTC', 'America/New_York']) {
    for (const range of ranges) {
      const engagement = engagementParamsSchema.parse({ tz, ...range });
      const key = `${tz} ${JSON.stringify(range)}`;
      outputs[`engagement ${key}`] = await text(engagementPeaks(database, engagement), engagementColumns, tz);
      outputs[`matrix ${key}`] = await text(
        await engagementMatrix(database, engagement),
        engagementMatrixColumns,
        tz,
      );
    }
    for (const weekStart of ['monday', 'sunday']) {
      const weekly = weeklyParamsSchema.parse({ tz, weekStart });
      outputs[`weekly ${tz} ${weekStart}`] = await text(
        weeklyRedemptions(database, weekly),
        weeklyColumns,
        tz,
      );
    }
  }
  // Sessions depend on the zone through the range, and are written on its clock.
  for (const input of [{}, { tz: 'UTC', ...ranges[2] }, { tz: 'America/New_York', ...ranges[2], gap: 120 }]) {
    const key = JSON.stringify(input);
    const params = sessionParamsSchema.parse(input);
    outputs[`sessions ${key}`] = await text(sessionRows(database, params), sessionColumns, params.tz);
    outputs[`campaigns ${key}`] = await text(
      campaignPerformance(database, campaignParamsSchema.parse(input)),
      campaignColumns,
      params.tz,
    );
  }
  for (const sort of [
    '-duration',
    'campaigns',
    '-user_id',
    '-reward_driven_by_campaign_view',
    'driven_rewards',
  ]) {
    const sessions = sessionParamsSchema.parse({
      sort,
      driven: sort !== 'driven_rewards',
      limit: 50,
      offset: 3,
    });
    outputs[`sessions ${sort}`] = await text(sessionRows(database, sessions), sessionColumns, sessions.tz);
  }
  return outputs;
}
