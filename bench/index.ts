/**
 * The scale benchmark: one command, one table. `npm run bench -- --requests 10000000` generates a data
 * set of that size (cached by its arguments), then in the same run measures loading it with psql \copy
 * (the baseline: the raw text into a 4-column text table), perx ingest into PostgreSQL and into PGlite,
 * DuckDB, the perx reports, and pandas, on the same machine and the same server. Flags: see
 * bench/scale/options.ts. Not part of the test suite.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildPerx, projectRoot, removeBuild } from './scale/build.js';
import { runMeasured, runQuietly } from './scale/child.js';
import { benchCitus, type CitusFigures } from './scale/citus-run.js';
import { benchDataset } from './scale/dataset.js';
import { describeMachine, loadAverage } from './scale/machine.js';
import { parseBenchOptions, usage } from './scale/options.js';
import { resultsTable, type BenchRow } from './scale/results-table.js';
import { ServerMemorySampler } from './scale/server-memory.js';
import { apiLatencyTable, benchApiLatency } from './scale/api-latency.js';
import { benchFreshness, freshnessLines } from './scale/freshness-run.js';

const psql = '/usr/bin/psql';
const python = '/usr/bin/python3';

interface EngineFigures {
  seconds: { load: number; sessions: number };
  requests: number;
  sessions: number;
  drivenSessions: number;
}

// `npm run bench -- embedded [--requests N]`: the embedded dashboard under a live computation instead.
if (process.argv[2] === 'embedded') {
  await import('./embedded-dashboard.js');
  process.exit(0);
}
if (process.argv.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
const options = parseBenchOptions(process.argv.slice(2));
const loadAtStart = loadAverage();
const admin = new pg.Client({ connectionString: options.adminUrl });
await admin.connect();
const scratch = `perx_bench_${process.pid}_${Date.now().toString(36)}`;
const scratchUrl = Object.assign(new URL(options.adminUrl), { pathname: `/${scratch}` }).toString();
const pgliteParent = await mkdtemp(join(tmpdir(), 'perx-bench-pglite-'));
const rows: BenchRow[] = [];
const checks: string[] = [];

/** Measures a child process, with the memory of the scratch database's server processes alongside. */
async function measured(command: string, args: readonly string[], env: Record<string, string> = {}) {
  const sampler = new ServerMemorySampler(admin, scratch);
  sampler.start();
  try {
    const run = await runMeasured(command, args, { env, cwd: projectRoot });
    return { ...run, serverPssKb: await sampler.stop() };
  } catch (error) {
    await sampler.stop();
    throw error;
  }
}

async function recreateScratch(): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${scratch}`);
}

function fastest<T extends { seconds: number }>(runs: readonly T[]): T {
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}

try {
  console.error(`building perx, then a data set of ${options.requests.toLocaleString('en-US')} requests`);
  const perx = await buildPerx();
  const dataset = await benchDataset(perx, options.requests, options.users);
  const requests = options.requests;
  // Without a server configured, perx would fall back to an embedded database; the flags are explicit.
  const onServer = ['--database-url', scratchUrl];
  const noEnv = { DATABASE_URL: '', PERX_SOURCE: '' };

  rows.push({
    step: 'perx generate',
    rows: requests,
    seconds: dataset.generate.seconds,
    processRssKb: dataset.generate.peakRssKb,
    serverPssKb: undefined,
    note: dataset.generate.cached ? 'cached: figures from when it was made' : '',
  });

  console.error('psql \\copy and perx ingest into PostgreSQL');
  const copies = [];
  const ingests = [];
  for (let run = 0; run < options.repeat; run++) {
    await recreateScratch();
    await runQuietly(psql, [scratchUrl, '-qc', 'CREATE TABLE raw_http_log (a text, b text, c text, d text)']);
    copies.push(
      await measured(psql, [
        scratchUrl,
        '-qc',
        `\\copy raw_http_log FROM '${dataset.logPath.replaceAll("'", "''")}' WITH (FORMAT text, DELIMITER ' ')`,
      ]),
    );
    await recreateScratch();
    await runQuietly(perx.node, [...perx.args, 'db', 'migrate', ...onServer], { env: noEnv });
    ingests.push(
      await measured(perx.node, [...perx.args, 'ingest', '--source', dataset.folder, ...onServer], noEnv),
    );
  }
  const copy = fastest(copies);
  const ingestPostgres = fastest(ingests);
  const repeatNote = options.repeat > 1 ? `fastest of ${options.repeat}` : '';

  let pgliteRow: BenchRow = {
    step: 'perx ingest -> PGlite (folder)',
    rows: requests,
    seconds: undefined,
    processRssKb: undefined,
    serverPssKb: undefined,
    note: 'skipped (--skip-pglite)',
  };
  if (!options.skipPglite) {
    console.error('perx ingest into PGlite');
    const dataDir = join(pgliteParent, 'db');
    const embedded = ['--data-dir', dataDir];
    await runQuietly(perx.node, [...perx.args, 'db', 'migrate', ...embedded], { env: noEnv });
    const run = await runMeasured(
      perx.node,
      [...perx.args, 'ingest', '--source', dataset.folder, ...embedded],
      { env: noEnv, cwd: projectRoot },
    );
    pgliteRow = {
      step: 'perx ingest -> PGlite (folder)',
      rows: requests,
      seconds: run.seconds,
      processRssKb: run.peakRssKb,
      serverPssKb: undefined,
      note: 'the database runs inside the Node process',
    };
  }

  console.error('DuckDB');
  const duckdbRun = await runMeasured(
    process.execPath,
    ['--import', 'tsx', 'bench/scale/duckdb-run.ts', dataset.logPath, dataset.mappingPath],
    { cwd: projectRoot },
  );
  const duckdb = JSON.parse(duckdbRun.stdout) as EngineFigures & { threads: number };

  console.error('perx report all on PostgreSQL');
  const reports = await measured(perx.node, [...perx.args, 'report', 'all', ...onServer], noEnv);
  const check = new pg.Client({ connectionString: scratchUrl });
  await check.connect();
  const [perxSessions] = (
    await check.query<{ sessions: string; driven: string }>(
      `SELECT count(*) AS sessions, count(*) FILTER (WHERE reward_driven_by_campaign_view) AS driven
       FROM report_session`,
    )
  ).rows;
  await check.end();

  // Freshness (an append and report all, checked against a full recomputation), then the API on the result.
  console.error('freshness: perx ingest --append of 100,000 requests and perx report all, then the API');
  const freshness = await benchFreshness(perx, {
    datasetFolder: dataset.folder,
    users: options.users,
    databaseUrl: scratchUrl,
    env: noEnv,
  });
  const apiLatency = await benchApiLatency(perx, {
    databaseUrl: scratchUrl,
    seconds: options.apiSeconds,
    env: noEnv,
  });

  let citus: CitusFigures | undefined;
  if (options.citus) {
    console.error('perx ingest and report all on a Citus cluster (a coordinator, two workers)');
    citus = await benchCitus(perx, dataset.folder, requests, {
      psqlSeconds: copy.seconds,
      duckdbLoadSeconds: duckdb.seconds.load,
      duckdbSessionsSeconds: duckdb.seconds.sessions,
    });
  }

  let pandas: (EngineFigures & { rss: number }) | undefined;
  const pandasInstalled = await runQuietly(python, ['-c', 'import pandas']).then(
    () => true,
    () => false,
  );
  if (!options.skipPandas && pandasInstalled) {
    console.error('pandas');
    const run = await runMeasured(
      python,
      ['bench/pandas_sessions.py', dataset.logPath, dataset.mappingPath],
      {
        cwd: projectRoot,
      },
    );
    pandas = { ...(JSON.parse(run.stdout) as EngineFigures), rss: run.peakRssKb };
  }

  rows.push(
    {
      step: 'psql \\copy -> 4 text columns',
      rows: requests,
      seconds: copy.seconds,
      versusPsql: copy.seconds,
      processRssKb: copy.peakRssKb,
      serverPssKb: copy.serverPssKb,
      note: repeatNote,
    },
    {
      step: 'perx ingest -> PostgreSQL',
      rows: requests,
      seconds: ingestPostgres.seconds,
      versusPsql: copy.seconds,
      versusDuckdb: duckdb.seconds.load,
      processRssKb: ingestPostgres.peakRssKb,
      serverPssKb: ingestPostgres.serverPssKb,
      note: ['typed, validated, indexed; the four CSV files too', repeatNote].filter(Boolean).join('; '),
    },
    { ...pgliteRow, versusPsql: copy.seconds, versusDuckdb: duckdb.seconds.load },
    {
      step: 'DuckDB load (read_csv)',
      rows: requests,
      seconds: duckdb.seconds.load,
      versusPsql: copy.seconds,
      versusDuckdb: duckdb.seconds.load,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: `in memory, ${duckdb.threads} threads; peak RSS below`,
    },
    {
      step: 'DuckDB sessions + campaigns',
      rows: requests,
      seconds: duckdb.seconds.sessions,
      versusDuckdb: duckdb.seconds.sessions,
      processRssKb: duckdbRun.peakRssKb,
      serverPssKb: undefined,
      note: 'bench/duckdb-sessions.sql; RSS of load + sessions',
    },
    {
      step: 'perx report all -> PostgreSQL',
      rows: requests,
      seconds: reports.seconds,
      versusDuckdb: duckdb.seconds.sessions,
      processRssKb: reports.peakRssKb,
      serverPssKb: reports.serverPssKb,
      note: 'sessions + campaigns (+ engagement, weekly), stored',
    },
  );
  if (citus) rows.push(...citus.rows);
  if (pandas) {
    rows.push(
      {
        step: 'pandas read_csv',
        rows: requests,
        seconds: pandas.seconds.load,
        versusPsql: copy.seconds,
        versusDuckdb: duckdb.seconds.load,
        processRssKb: undefined,
        serverPssKb: undefined,
        note: 'peak RSS below',
      },
      {
        step: 'pandas sessions',
        rows: requests,
        seconds: pandas.seconds.sessions,
        versusDuckdb: duckdb.seconds.sessions,
        processRssKb: pandas.rss,
        serverPssKb: undefined,
        note: 'bench/pandas_sessions.py; RSS of read + sessions',
      },
    );
  } else {
    rows.push({
      step: 'pandas',
      rows: undefined,
      seconds: undefined,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: options.skipPandas ? 'skipped (--skip-pandas)' : `skipped: ${python} cannot import pandas`,
    });
  }
  checks.push(
    `sessions (driven): perx ${perxSessions?.sessions} (${perxSessions?.driven}), DuckDB ${duckdb.sessions} (${duckdb.drivenSessions})` +
      (pandas ? `, pandas ${pandas.sessions} (${pandas.drivenSessions})` : '') +
      (citus ? `, perx on Citus ${citus.sessions?.sessions} (${citus.sessions?.driven})` : ''),
  );
  if (citus) checks.push(`Citus shards of http_log per worker: ${citus.shardsPerWorker}`);

  console.log(resultsTable(rows));
  console.log('');
  console.log(
    [...freshnessLines(freshness), '', apiLatencyTable(apiLatency, options.apiSeconds), ''].join('\n'),
  );
  console.log(await describeMachine(admin));
  console.log(`load average (1 min): ${loadAtStart} at the start, ${loadAverage()} at the end`);
  console.log(`data set: ${dataset.folder}`);
  for (const line of checks) console.log(line);
  console.log(
    'process peak RSS: GNU time of the process measured (Node for perx; psql; DuckDB and pandas processes). ' +
      'server peak PSS: the backends and parallel workers of the scratch database, sampled every 100 ms.',
  );
} finally {
  if (!options.keep) {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await rm(pgliteParent, { recursive: true, force: true });
  } else {
    const kept = await access(pgliteParent).then(
      () => pgliteParent,
      () => 'none',
    );
    console.log(`kept: database ${scratch}, PGlite folder ${kept}`);
  }
  await admin.end();
  await removeBuild();
}
