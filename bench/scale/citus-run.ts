import pg from 'pg';
import { startCitusCluster } from '../../test/support/citus-cluster.js';
import { projectRoot } from './build.js';
import { runMeasured, runQuietly } from './child.js';
import type { BenchRow } from './results-table.js';

/**
 * `npm run bench -- --citus`: perx ingest and perx report all on a Citus cluster started for the run on
 * this machine (a coordinator and two workers, Citus's default 32 shards per distributed table, the
 * server's default settings), over the same data set as the single server. All three nodes share this machine's cores, so the figures show
 * what distributing costs and what it keeps, not a cluster of several machines.
 */
export interface CitusFigures {
  rows: BenchRow[];
  sessions: { sessions: string; driven: string } | undefined;
  shardsPerWorker: string;
}

export async function benchCitus(
  perx: { node: string; args: string[] },
  datasetFolder: string,
  requests: number,
  versus: {
    psqlSeconds: number;
    duckdbLoadSeconds: number | undefined;
    duckdbSessionsSeconds: number | undefined;
  },
): Promise<CitusFigures> {
  // Durable like the single server it is compared with: fsync and synchronous_commit on.
  const cluster = await startCitusCluster({ workers: 2, durable: true });
  try {
    const url = await cluster.createDatabase('perx_bench');
    const onCluster = ['--database-url', url];
    const noEnv = { DATABASE_URL: '', PERX_SOURCE: '' };
    await runQuietly(perx.node, [...perx.args, 'db', 'migrate', ...onCluster], { env: noEnv });
    const ingest = await runMeasured(
      perx.node,
      [...perx.args, 'ingest', '--source', datasetFolder, ...onCluster],
      {
        env: noEnv,
        cwd: projectRoot,
      },
    );
    const reports = await runMeasured(perx.node, [...perx.args, 'report', 'all', ...onCluster], {
      env: noEnv,
      cwd: projectRoot,
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [sessions] = (
      await client.query<{ sessions: string; driven: string }>(
        `SELECT count(*) AS sessions, count(*) FILTER (WHERE reward_driven_by_campaign_view) AS driven
         FROM report_session`,
      )
    ).rows;
    const placement = (
      await client.query<{ nodeport: number; shards: string }>(
        `SELECT nodeport, count(*) AS shards FROM citus_shards WHERE table_name = 'http_log'::regclass
         GROUP BY nodeport ORDER BY nodeport`,
      )
    ).rows;
    await client.end();
    return {
      rows: [
        {
          step: 'perx ingest -> Citus (2 workers)',
          rows: requests,
          seconds: ingest.seconds,
          versusPsql: versus.psqlSeconds,
          versusDuckdb: versus.duckdbLoadSeconds,
          processRssKb: ingest.peakRssKb,
          serverPssKb: undefined,
          note: 'COPY through the coordinator into 32 shards; same machine',
        },
        {
          step: 'perx report all -> Citus',
          rows: requests,
          seconds: reports.seconds,
          versusDuckdb: versus.duckdbSessionsSeconds,
          processRssKb: reports.peakRssKb,
          serverPssKb: undefined,
          note: 'sessions: one statement pushed down to the shards',
        },
      ],
      sessions,
      shardsPerWorker: placement.map((row) => `${row.shards} on :${row.nodeport}`).join(', '),
    };
  } finally {
    await cluster.stop();
  }
}
