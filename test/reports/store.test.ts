import { beforeAll, expect, it } from 'vitest';
import {
  campaignParamsSchema,
  campaignPerformance,
  computeAllReports,
  engagementParamsSchema,
  engagementPeaks,
  latestReportRun,
  latestReportRuns,
  sessionPage,
  sessionPageStatements,
  sessionParamsSchema,
  sessionRows,
  sessionSorts,
  storedRunFor,
  weeklyParamsSchema,
  weeklyRedemptions,
  type ReportRun,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { engagementFixture } from './engagement-fixture.js';
import { collect, loadFixture } from './fixture.js';
import { sessionsFixture } from './sessions-fixture.js';

/** Transactions and a log at once: their tables do not overlap. */
const combinedFixture = { ...engagementFixture, mapping: sessionsFixture.mapping, log: sessionsFixture.log };

describeEachEngine('stored reports (report all)', ({ database }) => {
  let runs: ReportRun[] = [];
  const phases: string[] = [];

  beforeAll(async () => {
    await loadFixture(database(), combinedFixture);
    runs = await computeAllReports(database(), { onPhase: (line) => phases.push(line) });
  });

  it('tells each report as it starts, for progress on a terminal', () => {
    expect(phases).toEqual([
      'computing engagement (1 of 4)',
      'computing weekly (2 of 4)',
      'computing sessions (3 of 4)',
      'computing campaigns (4 of 4)',
    ]);
  });

  it('records a run per report with its parameters, ingest and size', async () => {
    expect(
      runs.map(({ report, params, ingest_run_id, row_count }) => ({
        report,
        params,
        ingest_run_id,
        row_count,
      })),
    ).toEqual([
      {
        report: 'engagement',
        params: { tz: 'Asia/Singapore', from: null, to: null, campaign: null },
        ingest_run_id: 1,
        row_count: 4,
      },
      {
        report: 'weekly',
        params: { tz: 'Asia/Singapore', weekStart: 'monday' },
        ingest_run_id: 1,
        // Rewards 10 and 11: the week of 08-12; reward 20: the weeks of 08-05, 08-12 and 08-19.
        row_count: 5,
      },
      { report: 'sessions', params: { gap: 300 }, ingest_run_id: 1, row_count: 14 },
      {
        report: 'campaigns',
        params: { tz: 'Asia/Singapore', gap: 300, from: null, to: null },
        ingest_run_id: 1,
        row_count: 4,
      },
    ]);
    expect(runs.every((run) => run.computed_at instanceof Date && run.duration_ms >= 0)).toBe(true);
    expect(await latestReportRun(database(), 'sessions')).toEqual(runs[2]);
    expect(Object.keys(await latestReportRuns(database())).sort()).toEqual([
      'campaigns',
      'engagement',
      'sessions',
      'weekly',
    ]);
  });

  it('stores exactly the rows the live reports give, and serves filters from them', async () => {
    const engagement = engagementParamsSchema.parse({});
    const engagementRun = await storedRunFor(database(), 'engagement', engagement);
    expect(engagementRun?.id).toBe(runs[0]?.id);
    expect(await collect(engagementPeaks(database(), engagement, engagementRun))).toEqual(
      await collect(engagementPeaks(database(), engagement)),
    );
    const oneCampaign = engagementParamsSchema.parse({ campaign: 2 });
    expect(await collect(engagementPeaks(database(), oneCampaign, engagementRun))).toEqual(
      await collect(engagementPeaks(database(), oneCampaign)),
    );

    for (const input of [{}, { from: '2019-08-14', to: '2019-08-20' }, { from: '2019-08-18' }]) {
      const weekly = weeklyParamsSchema.parse(input);
      const weeklyRun = await storedRunFor(database(), 'weekly', weekly);
      expect(weeklyRun?.id).toBe(runs[1]?.id);
      expect(await collect(weeklyRedemptions(database(), weekly, weeklyRun))).toEqual(
        await collect(weeklyRedemptions(database(), weekly)),
      );
    }

    const campaigns = campaignParamsSchema.parse({});
    const campaignRun = await storedRunFor(database(), 'campaigns', campaigns);
    expect(campaignRun?.id).toBe(runs[3]?.id);
    expect(await collect(campaignPerformance(database(), campaigns, campaignRun))).toEqual(
      await collect(campaignPerformance(database(), campaigns)),
    );
  });

  it('serves every session filter, sort and page from the stored run as the live query does', async () => {
    const inputs: Record<string, unknown>[] = [
      {},
      { user: 'u-gap' },
      { driven: true, limit: 3, offset: 1 },
      { from: '2019-08-26T18:09:59', to: '2019-08-26T18:15' },
      { tz: 'UTC', from: '2019-08-26T17:00' },
      ...sessionSorts.map((sort) => ({ sort, limit: 5 })),
    ];
    for (const input of inputs) {
      const params = sessionParamsSchema.parse(input);
      const run = await storedRunFor(database(), 'sessions', params);
      expect(run?.id).toBe(runs[2]?.id);
      expect(await collect(sessionRows(database(), params, run))).toEqual(
        await collect(sessionRows(database(), params)),
      );
      expect(await sessionPage(database(), params, run)).toEqual(await sessionPage(database(), params));
    }
  });

  it('reads a page of the stored run in every sort, and a date range, from the run’s own indexes', async () => {
    const inputs: Record<string, unknown>[] = [
      ...sessionSorts.map((sort) => ({ sort })),
      { from: '2019-08-26T18:09:59', to: '2019-08-26T18:15', sort: 'session_start' },
    ];
    const run = runs[2];
    expect(run).toBeDefined();
    const scans = new Map<string, string>();
    for (const input of inputs) {
      const params = sessionParamsSchema.parse(input);
      const { page } = await sessionPageStatements(database(), params, run);
      // Sequential scans and full sorts priced out: a plan that still needs one has no index for the order.
      const plan = await database().transaction(async (tx) => {
        for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort'])
          await tx.query(`SET LOCAL ${setting} = off`);
        return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${page.text}`, page.values);
      });
      const read = plan.map((line) => line['QUERY PLAN']).filter((line) => /Scan/.test(line));
      scans.set(
        JSON.stringify(input),
        read.map((scan) => scan.replace(/^[\s>-]*/, '').replace(/ on .*$/, '')).join(' + '),
      );
    }
    // Both tables: report_session and report_session_recent, its child (016-recent-sessions.sql), each
    // through its copy of the run's index, merged.
    const runId = run?.result_run_id ?? run?.id;
    const expected = (key: string, backward = false) =>
      ['report_session', 'report_session_recent']
        .map((table) => `Index Scan ${backward ? 'Backward ' : ''}using ${table}_${runId}_${key}`)
        .join(' + ');
    expect(Object.fromEntries(scans)).toEqual({
      '{"sort":"user_id"}': expected('user_order'),
      '{"sort":"-user_id"}': expected('user_order', true),
      '{"sort":"session_start"}': expected('start'),
      '{"sort":"-session_start"}': expected('start', true),
      '{"sort":"session_end"}': expected('end'),
      '{"sort":"-session_end"}': expected('end', true),
      '{"sort":"duration"}': expected('duration'),
      '{"sort":"-duration"}': expected('duration', true),
      '{"sort":"campaigns"}': expected('campaign_count'),
      '{"sort":"-campaigns"}': expected('campaign_count', true),
      '{"sort":"rewards_issued"}': expected('issue_count'),
      '{"sort":"-rewards_issued"}': expected('issue_count', true),
      '{"sort":"reward_driven_by_campaign_view"}': expected('driven'),
      '{"sort":"-reward_driven_by_campaign_view"}': expected('driven_first'),
      '{"sort":"driven_rewards"}': expected('driven_count'),
      '{"sort":"-driven_rewards"}': expected('driven_count', true),
      '{"from":"2019-08-26T18:09:59","to":"2019-08-26T18:15","sort":"session_start"}': expected('start'),
    });
  });

  it('computes live when the parameters change the rows', async () => {
    expect(
      await storedRunFor(database(), 'engagement', engagementParamsSchema.parse({ from: '2019-08-13' })),
    ).toBeUndefined();
    expect(
      await storedRunFor(database(), 'engagement', engagementParamsSchema.parse({ tz: 'UTC' })),
    ).toBeUndefined();
    expect(
      await storedRunFor(database(), 'weekly', weeklyParamsSchema.parse({ weekStart: 'sunday' })),
    ).toBeUndefined();
    // No run of another gap exists until a live computation stores one.
    expect(
      await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 600 })),
    ).toBeUndefined();
    expect(
      await storedRunFor(database(), 'campaigns', campaignParamsSchema.parse({ gap: 600, to: '2019-08-26' })),
    ).toBeUndefined();
  });

  it('answers campaigns over a range from the stored sessions of the same gap', async () => {
    const params = campaignParamsSchema.parse({ to: '2019-08-26' });
    const run = await storedRunFor(database(), 'campaigns', params);
    expect(run).toMatchObject({ id: runs[2]?.id, report: 'sessions', kind: 'all' });
    expect(await collect(campaignPerformance(database(), params, run))).toEqual(
      await collect(campaignPerformance(database(), params)),
    );
  });

  it('keeps only the newest run’s rows, and stops serving them after a newer ingest', async () => {
    const again = await computeAllReports(database(), { tz: 'UTC', gap: 301 });
    expect(again.map((run) => run.id)).toEqual(runs.map((run) => run.id + 4));
    const [{ total, newest } = { total: 0, newest: 0 }] = await database().query<{
      total: number;
      newest: number;
    }>(`SELECT count(*) AS total, count(*) FILTER (WHERE report_run_id = $1) AS newest FROM report_session`, [
      again[2]?.id,
    ]);
    expect(total).toBe(newest);
    expect(total).toBe(again[2]?.row_count);
    expect(await database().query(`SELECT count(*) AS runs FROM report_run`)).toEqual([{ runs: 8 }]);
    expect(await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 301 }))).toEqual(
      again[2],
    );
    expect(await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({}))).toBeUndefined();

    await database().query(`INSERT INTO ingest_run (source, outcome) VALUES ('newer', 'succeeded')`);
    expect(
      await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 301 })),
    ).toBeUndefined();
    // A failed ingest leaves the data, and so the stored results, as they were.
    await database().query(`DELETE FROM ingest_run WHERE source = 'newer'`);
    await database().query(`INSERT INTO ingest_run (source, outcome) VALUES ('broken', 'failed')`);
    expect(await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 301 }))).toEqual(
      again[2],
    );
  });
});
