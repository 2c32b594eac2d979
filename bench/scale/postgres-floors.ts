/**
 * What the two targets perx misses cost PostgreSQL itself on this machine, measured on the scratch
 * database right after perx ingested the log and stored its reports:
 * - the index floor: building http_log's covering index alone, by its own definition
 *   (pg_get_indexdef), under another name. An ingest that leaves the log indexed for the session
 *   statements costs at least the raw COPY (psql \copy) plus this.
 * - the sessions floor: finding and storing each session's start, end, viewed campaigns and issued
 *   rewards with nothing else (bench/floors/sessions-stored.sql), with the gap of perx's latest sessions
 *   run and the users split over as many connections as it used, at once. perx computes and stores the
 *   driven flag, the driving campaigns and campaign performance besides, so its sessions + campaigns
 *   cost at least this.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { reportSql } from '../../src/reports/named-sql.js';

export interface PostgresFloors {
  indexSeconds: number;
  sessions: {
    seconds: number;
    connections: number;
    stored: number;
    /** Whether the floor's sessions have the start, end and arrays perx stored, session for session. */
    equalToPerx: boolean;
  };
}

const floorIndex = 'bench_floor_user_time';

const sessionsStoredSql = () => readFile(new URL('../floors/sessions-stored.sql', import.meta.url), 'utf8');

const createFloorTableSql = `
  CREATE TABLE bench_floor_session (
    user_id text COLLATE "C" NOT NULL,
    session_start timestamptz NOT NULL,
    session_end timestamptz NOT NULL,
    campaigns bigint[] NOT NULL,
    rewards_issued bigint[] NOT NULL
  )`;

// perx's latest sessions run: the rows the floor is compared with, and how they were computed.
const perxRunSql = `
  SELECT coalesce(result_run_id, id) AS rows_run_id, (params ->> 'gap')::integer AS gap,
    coalesce((computation ->> 'jobs')::integer, 1) AS jobs
  FROM report_run
  WHERE report = 'sessions' AND complete
  ORDER BY id DESC
  LIMIT 1`;

interface PerxRun {
  rows_run_id: number;
  gap: number;
  jobs: number;
}

// The sessions of a relation, as one digest of their start, end and arrays in (user, start) order.
const sessionDigestSql = (from: string) => `
  SELECT count(*) AS sessions,
    md5(string_agg(concat_ws('|', user_id, session_start, session_end, campaigns, rewards_issued), ','
      ORDER BY user_id, session_start)) AS digest
  FROM ${from}`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function indexFloor(client: pg.Client): Promise<number> {
  const [definition] = (
    await client.query<{ sql: string }>("SELECT pg_get_indexdef('http_log_user_time'::regclass) AS sql")
  ).rows;
  if (!definition) throw new Error('the scratch database has no index http_log_user_time');
  const create = definition.sql.replace(/^CREATE INDEX http_log_user_time /, `CREATE INDEX ${floorIndex} `);
  if (create === definition.sql) throw new Error(`unexpected index definition: ${definition.sql}`);
  try {
    return await timed(() => client.query(create));
  } finally {
    await client.query(`DROP INDEX IF EXISTS ${floorIndex}`);
  }
}

async function sessionsFloor(client: pg.Client, databaseUrl: string): Promise<PostgresFloors['sessions']> {
  const sql = await sessionsStoredSql();
  const [perxRun] = (await client.query<PerxRun>(perxRunSql)).rows;
  if (!perxRun) throw new Error('the scratch database has no complete sessions run to compare with');
  // The users split as perx splits its user ranges, into one part per connection.
  const partitions = await reportSql('user-partitions.sql');
  const bounds = (
    await client.query<{ lower_user_id: string }>(
      partitions.text,
      partitions.bind({ partitions: perxRun.jobs }),
    )
  ).rows.map((row) => row.lower_user_id);
  const parts = [null, ...bounds].map((lower, index) => [lower, bounds[index] ?? null] as const);
  await client.query('DROP TABLE IF EXISTS bench_floor_session');
  await client.query(createFloorTableSql);
  const workers = await Promise.all(
    parts.map(async () => {
      const worker = new pg.Client({ connectionString: databaseUrl });
      await worker.connect();
      // The settings perx's session ranges run with (statement-settings.ts).
      await worker.query(
        "SET jit = off; SET work_mem = '512MB'; SET max_parallel_workers_per_gather = 0; SET enable_mergejoin = off",
      );
      return worker;
    }),
  );
  try {
    const seconds = await timed(() =>
      Promise.all(
        parts.map(([lower, upper], index) => workers[index]!.query(sql, [lower, upper, perxRun.gap])),
      ),
    );
    const digest = async (from: string, values: unknown[] = []) =>
      (await client.query<{ sessions: string; digest: string }>(sessionDigestSql(from), values)).rows[0];
    const floor = await digest('bench_floor_session');
    const perx = await digest('report_session WHERE report_run_id = $1', [perxRun.rows_run_id]);
    return {
      seconds,
      connections: parts.length,
      stored: Number(floor?.sessions ?? 0),
      equalToPerx: floor?.digest === perx?.digest && floor?.sessions === perx?.sessions,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.end()));
    await client.query('DROP TABLE IF EXISTS bench_floor_session');
  }
}

/** Both floors, on the scratch database holding the ingested log and perx's stored sessions. */
export async function measurePostgresFloors(databaseUrl: string): Promise<PostgresFloors> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const indexSeconds = await indexFloor(client);
    const sessions = await sessionsFloor(client, databaseUrl);
    return { indexSeconds, sessions };
  } finally {
    await client.end();
  }
}
