import { beforeAll, describe, expect, it } from 'vitest';
import {
  engagementMatrix,
  engagementParamsSchema,
  engagementPeaks,
  type EngagementParams,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { engagementFixture } from './engagement-fixture.js';
import { collect, loadFixture } from './fixture.js';

const params = (input: Record<string, unknown>): EngagementParams => engagementParamsSchema.parse(input);

describeEachEngine('engagement report', ({ database }) => {
  const peaks = (input: Record<string, unknown>) => collect(engagementPeaks(database(), params(input)));

  describe('peaks', () => {
    beforeAll(() => loadFixture(database(), engagementFixture));

    it('buckets by SGT date and hour, keeps ties, orders by count, campaign, date, hour', async () => {
      expect(await peaks({})).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 3, date: '2019-08-13', time: '00:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '09:00',
        },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-20',
          time: '10:00',
        },
        { campaign_id: 3, campaign_name: 'Gamma', no_of_transactions: 1, date: '2019-08-20', time: '00:00' },
      ]);
    });

    it('buckets by UTC when asked: 15:59:59 and 16:00:00 UTC fall on the same date', async () => {
      expect(await peaks({ tz: 'UTC' })).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 3, date: '2019-08-12', time: '16:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '01:00',
        },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-20',
          time: '02:00',
        },
        { campaign_id: 3, campaign_name: 'Gamma', no_of_transactions: 1, date: '2019-08-19', time: '16:00' },
      ]);
    });

    it('reads a date-only --to as through the end of that SGT day: 15:59:59 UTC in, 16:00:00 UTC out', async () => {
      const expected = [
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 2, date: '2019-08-12', time: '23:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '09:00',
        },
      ];
      expect(await peaks({ to: '2019-08-12' })).toEqual(expected);
      expect(await peaks({ to: '2019-08-12T23:59:59' })).toEqual(expected);
    });

    it('includes the whole minute of a --to given to the minute', async () => {
      // Through 00:00:59.999 SGT: transaction 2 (00:00:00) is in, 3 (00:30) and 5 (00:59:59.999) are not.
      expect(await peaks({ to: '2019-08-13T00:00' })).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 2, date: '2019-08-12', time: '23:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '09:00',
        },
      ]);
    });

    it('includes both ends of a one-day range', async () => {
      expect(await peaks({ from: '2019-08-13', to: '2019-08-13' })).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 3, date: '2019-08-13', time: '00:00' },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 1,
          date: '2019-08-13',
          time: '10:00',
        },
      ]);
    });

    it('keeps both tied hours of one campaign', async () => {
      expect(await peaks({ campaign: '2' })).toEqual([
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-06',
          time: '09:00',
        },
        {
          campaign_id: 2,
          campaign_name: 'Beta, "the second"',
          no_of_transactions: 2,
          date: '2019-08-20',
          time: '10:00',
        },
      ]);
    });

    it('accepts the widest dates the parameters allow', async () => {
      expect(await peaks({ from: '0001-01-01', to: '9999-12-31T23:59:59' })).toEqual(await peaks({}));
      expect(await peaks({ from: '0001-01-01', to: '9999-12-31' })).toEqual(await peaks({}));
    });

    it('gives no rows for a range without transactions', async () => {
      expect(await peaks({ from: '2020-01-01' })).toEqual([]);
      expect(await peaks({ campaign: 99 })).toEqual([]);
    });

    it('gives the full date-by-hour matrix of a campaign, zeros included', async () => {
      const matrix = await engagementMatrix(database(), params({ campaign: 1 }));
      expect(matrix).toHaveLength(48);
      expect(matrix[0]).toEqual({ date: '2019-08-12', hour: 0, no_of_transactions: 0 });
      expect(matrix[47]).toEqual({ date: '2019-08-13', hour: 23, no_of_transactions: 0 });
      expect(matrix.filter((cell) => cell.no_of_transactions > 0)).toEqual([
        { date: '2019-08-12', hour: 23, no_of_transactions: 2 },
        { date: '2019-08-13', hour: 0, no_of_transactions: 3 },
      ]);
    });

    it('spans the matrix from the first to the last date with a transaction in the range', async () => {
      const matrix = await engagementMatrix(database(), params({ campaign: 2 }));
      // 6 to 20 August: 15 days of 24 hours.
      expect(matrix).toHaveLength(15 * 24);
      expect(matrix.filter((cell) => cell.no_of_transactions > 0)).toEqual([
        { date: '2019-08-06', hour: 9, no_of_transactions: 2 },
        { date: '2019-08-06', hour: 11, no_of_transactions: 1 },
        { date: '2019-08-13', hour: 10, no_of_transactions: 1 },
        { date: '2019-08-20', hour: 10, no_of_transactions: 2 },
      ]);
      expect(await engagementMatrix(database(), params({ campaign: 2, from: '2019-09-01' }))).toEqual([]);
    });

    it('counts all campaigns in the matrix when none is given', async () => {
      const matrix = await engagementMatrix(database(), params({ from: '2019-08-20', to: '2019-08-20' }));
      expect(matrix.filter((cell) => cell.no_of_transactions > 0)).toEqual([
        { date: '2019-08-20', hour: 0, no_of_transactions: 1 },
        { date: '2019-08-20', hour: 10, no_of_transactions: 2 },
      ]);
    });
  });

  describe('daylight saving', () => {
    beforeAll(() =>
      loadFixture(database(), {
        campaigns: [[1, 'Alpha']],
        rewardCampaigns: [[10, 'Tenth', 1]],
        transactions: [
          // New York leaves daylight saving at 02:00 EDT on 2019-11-03: 01:xx happens twice.
          [1, 'redeemed', '2019-11-03 05:30:00 UTC', 10], // 01:30 EDT
          [2, 'redeemed', '2019-11-03 06:30:00 UTC', 10], // 01:30 EST
          [3, 'redeemed', '2019-11-03 07:30:00 UTC', 10], // 02:30 EST
        ],
      }),
    );

    it('puts both passes of a repeated local hour in one bucket', async () => {
      expect(await peaks({ tz: 'America/New_York' })).toEqual([
        { campaign_id: 1, campaign_name: 'Alpha', no_of_transactions: 2, date: '2019-11-03', time: '01:00' },
      ]);
      const matrix = await engagementMatrix(database(), params({ tz: 'America/New_York' }));
      expect(matrix).toHaveLength(24);
      expect(matrix.filter((cell) => cell.no_of_transactions > 0)).toEqual([
        { date: '2019-11-03', hour: 1, no_of_transactions: 2 },
        { date: '2019-11-03', hour: 2, no_of_transactions: 1 },
      ]);
    });
  });
});
