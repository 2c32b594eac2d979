import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSource } from '../../src/config/config.js';
import { describeEngine, type Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { reportSql } from '../../src/reports/named-sql.js';
import { computeAllReports } from '../../src/reports/index.js';
import { citusAvailable, startCitusCluster, type CitusCluster } from '../support/citus-cluster.js';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { generatedClassifiedColumnsSql, logBefore017Statements } from '../support/log-before-017.js';
import { runPerx, startPerx } from '../support/perx-cli.js';
import { engagementFixture } from '../reports/engagement-fixture.js';
import { everyReport } from '../reports/every-report.js';
import { loadFixture } from '../reports/fixture.js';
import { sessionsFixture } from '../reports/sessions-fixture.js';
import { weeklyFixture } from '../reports/weekly-fixture.js';

/**
 * perx on a Citus cluster started here (a coordinator and two workers), against one server: the local
 * PostgreSQL when it runs, else PGlite. Every answer on the cluster must be the one server's.
 */

const referenceTables = [
  'campaign',
  'campaign_reward_mapping',
  'ingest_file',
  'ingest_reject',
  'ingest_run',
  'report_campaign',
  'report_campaign_part',
  'report_engagement',
  'report_run',
  'report_weekly',
  'reward_campaign',
  'reward_transaction',
];

/** What `perx report all` stored, every row but the run ids, in a stable order. */
async function storedReports(database: Database): Promise<Record<string, unknown[]>> {
  const rows = (sql: string) => database.query(sql);
  return {
    engagement: await rows(
      `SELECT campaign_id, campaign_name, no_of_transactions, date::text, time FROM report_engagement
       ORDER BY campaign_id, date, time`,
    ),
    weekly: await rows(
      `SELECT reward_campaign_id, reward_name, week::text, reward_redeemed_count, percentage_difference
       FROM report_weekly ORDER BY reward_campaign_id, week`,
    ),
    sessions: await rows(
      `SELECT user_id, session_start, session_end, campaigns, rewards_issued, reward_driven_by_campaign_view,
              driven_rewards, driving_campaign_ids
       FROM report_session
       WHERE report_run_id = (SELECT max(coalesce(result_run_id, id)) FROM report_run WHERE report = 'sessions' AND kind = 'all')
       ORDER BY user_id, session_start`,
    ),
    campaigns: await rows(
      `SELECT campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions, conversion
       FROM report_campaign ORDER BY campaign_id`,
    ),
  };
}

/** Rows of http_log per worker (by port), counted on the shards where they are. */
async function logRowsPerWorker(database: Database): Promise<Map<number, number>> {
  const rows = await database.query<{ nodeport: number; rows: number }>(
    `SELECT shard.nodeport, sum(counted.result::bigint)::bigint AS rows
     FROM run_command_on_shards('http_log', 'SELECT count(*) FROM %s') AS counted
     JOIN citus_shards AS shard ON shard.shardid = counted.shardid
     GROUP BY shard.nodeport ORDER BY shard.nodeport`,
  );
  return new Map(rows.map((row) => [row.nodeport, row.rows]));
}

describe.skipIf(!citusAvailable())('perx on a Citus cluster: a coordinator and two workers', () => {
  let cluster: CitusCluster;
  let citusUrl: string;
  let citus: Database;
  let single: TestStore;
  let server: Database;
  const scratch: string[] = [];

  beforeAll(async () => {
    // Fewer shards than Citus's default 32: the same plans, less work per statement on two cores.
    cluster = await startCitusCluster({ workers: 2, shardCount: 8 });
    citusUrl = await cluster.createDatabase('perx_citus');
    citus = await openDatabase({ databaseUrl: citusUrl, dataDir: '' });
    single = await createTestStore(testEngines.at(-1) ?? 'pglite');
    server = await single.open();
  });

  afterAll(async () => {
    await citus?.close();
    await server?.close();
    await single?.remove();
    await cluster?.stop();
    for (const folder of scratch) await rm(folder, { recursive: true, force: true });
  });

  async function folder(prefix: string): Promise<string> {
    const made = await mkdtemp(join(tmpdir(), prefix));
    scratch.push(made);
    return made;
  }

  it('distributes the schema when opened: the log and sessions by user_id, colocated, the rest reference tables', async () => {
    expect(describeEngine(citus)).toBe('Citus with 2 workers');
    const tables = await citus.query<{ name: string; method: string; column: string | null; group: number }>(
      `SELECT logicalrelid::text AS name, partmethod AS method,
              column_to_column_name(logicalrelid, partkey) AS column, colocationid AS group
       FROM pg_dist_partition ORDER BY 1`,
    );
    const distributed = tables.filter((table) => table.method === 'h');
    expect(distributed.map(({ name, column }) => [name, column])).toEqual([
      ['http_log', 'user_id'],
      ['report_session', 'user_id'],
    ]);
    expect(distributed[0]?.group).toBe(distributed[1]?.group);
    expect(tables.filter((table) => table.method === 'n').map((table) => table.name)).toEqual(
      referenceTables,
    );
    // Citus distributes no table with inheritance: report_session's child is gone (016-recent-sessions.sql).
    expect(await citus.query(`SELECT to_regclass('report_session_recent') AS recent`)).toEqual([
      { recent: null },
    ]);
    // Opening again (every command does) changes nothing.
    const again = await openDatabase({ databaseUrl: citusUrl, dataDir: '' });
    await again.close();
    expect(await citus.query('SELECT perx_distribute_schema() AS changed')).toEqual([{ changed: 0 }]);
  });

  it('gives the hand-made report fixtures the one server’s answers', async () => {
    for (const fixture of [{ ...engagementFixture, ...sessionsFixture }, weeklyFixture]) {
      await loadFixture(server, fixture);
      await loadFixture(citus, fixture);
      const expected = await everyReport(server);
      expect(Object.values(expected).some((output) => output !== '[]\n')).toBe(true);
      expect(await everyReport(citus)).toEqual(expected);
      await computeAllReports(server);
      await computeAllReports(citus);
      expect(await storedReports(citus)).toEqual(await storedReports(server));
    }
  });

  it('ingests the real data into shards on both workers and computes every report as one server does', async () => {
    const options = { source: bundledSource, limits: { allowShrink: true } };
    const onServer = await ingest(server, options);
    const onCluster = await ingest(citus, options);
    expect(onCluster.files).toEqual(onServer.files);
    const perWorker = await logRowsPerWorker(citus);
    expect([...perWorker.keys()]).toEqual([...cluster.workerPorts].sort((a, b) => a - b));
    for (const rows of perWorker.values()) expect(rows).toBeGreaterThan(0);
    expect([...perWorker.values()].reduce((sum, rows) => sum + rows, 0)).toBe(
      onServer.files.find((file) => file.file === 'http_log.txt')?.loaded,
    );

    await computeAllReports(server);
    const [, , sessions] = await computeAllReports(citus);
    expect(sessions?.computation).toMatchObject({ mode: 'full', distributed: { workers: 2 } });
    const stored = await storedReports(citus);
    expect(stored).toEqual(await storedReports(server));
    expect(stored.sessions?.length).toBeGreaterThan(1000);
    expect(await everyReport(citus)).toEqual(await everyReport(server));
  });

  it('runs the statement storing the sessions on the shards, without moving the log', async () => {
    const statement = await reportSql('store-sessions-distributed.sql', citus);
    // Citus explains no INSERT ... SELECT with parameters: the values go in as literals (two integers).
    const values = statement.bind({ report_run_id: 0, gap_seconds: 300 });
    const literal = statement.text.replace(/\$(\d+)/g, (_, position: string) =>
      String(values[Number(position) - 1]),
    );
    const explained = await citus.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${literal}`);
    const plan = explained.map((row) => row['QUERY PLAN']).join('\n');
    // Pushed down: each of the 8 tasks inserts into a shard of report_session what it computes from the
    // colocated shard of http_log. A statement Citus cannot push down shows "Citus INSERT ... SELECT" with
    // a repartition or a pull to the coordinator, or subplans whose results pass through it.
    expect(plan.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^Custom Scan \(Citus Adaptive\)/),
      '  Task Count: 8',
    ]);
    expect(plan).toMatch(/-> {2}Insert on report_session_\d+/);
    // The shard read whole, or in session order from its index, which holds every column read.
    expect(plan).toMatch(/(Seq Scan|Index Only Scan using http_log_user_time_\d+) on http_log_\d+/);
    expect(plan).not.toMatch(/INSERT \.\.\. SELECT|repartition|coordinator|Subplan|intermediate result/i);
  });

  it('upgrades a log distributed with generated classified columns (017) and loads it as one server does', async () => {
    const upgradedUrl = await cluster.createDatabase('perx_citus_upgrade');
    const upgraded = await openDatabase({ databaseUrl: upgradedUrl, dataDir: '' });
    try {
      // The log as a cluster distributed before 017 holds it: the classified columns computed by every
      // shard (012-request-classes.sql), with the covering index over them.
      for (const statement of logBefore017Statements) await upgraded.execute(statement);
      const onShards = async () =>
        (
          await upgraded.query<{ result: string }>(
            `SELECT result FROM run_command_on_shards('http_log', $1)`,
            [generatedClassifiedColumnsSql],
          )
        ).map((shard) => Number(shard.result));
      expect(await onShards()).toEqual(Array(8).fill(2));

      const again = await openDatabase({ databaseUrl: upgradedUrl, dataDir: '' });
      await again.close();
      expect(await onShards()).toEqual(Array(8).fill(0));
      const onWorkers = await upgraded.query<{ result: string }>(
        `SELECT result FROM run_command_on_workers($1)`,
        [generatedClassifiedColumnsSql.replace('%s', 'public.http_log')],
      );
      expect(onWorkers.map((worker) => worker.result)).toEqual(['0', '0']);
      expect(await upgraded.query(generatedClassifiedColumnsSql.replace('%s', 'http_log'))).toEqual([
        { generated: 0 },
      ]);

      await ingest(upgraded, { source: bundledSource });
      await computeAllReports(upgraded);
      expect(await storedReports(upgraded)).toEqual(await storedReports(server));
    } finally {
      await upgraded.close();
      await cluster.dropDatabase('perx_citus_upgrade');
    }
  });

  it('leaves the data as it was when an ingest fails', async () => {
    const before = await storedReports(citus);
    const count = async () =>
      (await citus.query<{ rows: number }>('SELECT count(*) AS rows FROM http_log'))[0];
    const rowsBefore = await count();
    await expect(
      ingest(citus, { source: join('test', 'fixtures', 'ingest-bad-lines'), strict: true }),
    ).rejects.toThrow(/line/);
    expect(await count()).toEqual(rowsBefore);
    expect(await storedReports(citus)).toEqual(before);
  });

  it('brings the sessions up to date after each appended chunk of a log, as a full recompute', async () => {
    const generated = await folder('perx-citus-generated-');
    await generateDataset({
      out: generated,
      users: 150,
      requests: 4000,
      campaigns: 8,
      seed: 11,
      startSeconds: Date.UTC(2019, 7, 26) / 1000,
      days: 3,
    });
    const lines = (await readFile(join(generated, 'http_log.txt'), 'utf8')).split('\n').filter(Boolean);
    const cuts = [0, 1700, 2600, 3900, lines.length];
    const names = ['http_log.txt', 'http_log-1.txt', 'http_log-2.txt', 'http_log-3.txt'];
    const drop = await folder('perx-citus-drop-');
    for (const file of [
      'campaign.csv',
      'reward_campaign.csv',
      'reward_transaction.csv',
      'campaign_reward_mapping.csv',
    ])
      await copyFile(join(generated, file), join(drop, file));
    for (const [index, name] of names.entries()) {
      await writeFile(join(drop, name), lines.slice(cuts[index], cuts[index + 1]).join('\n') + '\n');
      for (const database of [citus, server]) {
        await ingest(database, {
          source: drop,
          append: index > 0,
          strict: true,
          limits: { allowShrink: true },
        });
      }
      // Incremental however much the chunk touches (by default a quarter of the sessions at most).
      const [, , sessions] = await computeAllReports(citus, { maxRecomputeShare: 1 });
      await computeAllReports(server, { maxRecomputeShare: 1 });
      if (index > 0) expect(sessions?.computation?.mode).toBe('incremental');
      expect(await storedReports(citus)).toEqual(await storedReports(server));
    }
    const appended = await storedReports(citus);
    await computeAllReports(citus, { full: true });
    expect(await storedReports(citus)).toEqual(appended);
  });

  it('serves the dashboard and the API from the cluster, and says so', async () => {
    const config = await runPerx(['config'], { env: { DATABASE_URL: citusUrl } });
    expect(config.stdout).toMatch(/^ENGINE\s+Citus with 2 workers$/m);
    const perx = await startPerx(['serve', '--port', '0'], { env: { DATABASE_URL: citusUrl } });
    try {
      const status = (await (await fetch(`${perx.url}/api/status`)).json()) as { engine: string };
      expect(status.engine).toBe('Citus with 2 workers');
      const sessions = (await (await fetch(`${perx.url}/api/sessions?limit=5`)).json()) as {
        total: number;
        rows: unknown[];
      };
      const [stored] = await citus.query<{ sessions: number }>(
        `SELECT row_count AS sessions FROM report_run WHERE report = 'sessions' ORDER BY id DESC LIMIT 1`,
      );
      expect(sessions.total).toBe(stored?.sessions);
      expect(sessions.rows).toHaveLength(5);
      const overview = await (await fetch(`${perx.url}/`)).text();
      expect(overview).toContain('Citus with 2 workers');
    } finally {
      await perx.stop();
    }
  });
});
