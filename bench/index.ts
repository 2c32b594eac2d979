/**
 * The scale benchmark: one command, one table. `npm run bench -- --requests 10000000` generates a data
 * set of that size (cached by its arguments), then in the same run measures loading it with psql \copy
 * (the baseline: the raw text into a 4-column text table), perx ingest into PostgreSQL and into PGlite,
 * every DuckDB formulation of bench/duckdb/, the perx reports, and pandas, on the same machine and the
 * same server. Each engine's sessions and campaigns are fingerprinted (scale/fingerprint.ts) against
 * those perx stored; the fastest DuckDB formulation with perx's rows is the anchor perx is compared with.
 * Flags: see bench/scale/options.ts. Not part of the test suite.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildPerx, projectRoot, removeBuild } from './scale/build.js';
import { runMeasured, runQuietly } from './scale/child.js';
import { benchCitus, type CitusFigures } from './scale/citus-run.js';
import { benchDataset } from './scale/dataset.js';
import { anchorOf, fastestOfRounds, runFormulations } from './scale/duckdb-formulations.js';
import {
  postgresFingerprint,
  postgresFingerprintSql,
  sameFingerprint,
  type Fingerprint,
} from './scale/fingerprint.js';
import { formulationsTable } from './scale/formulations-table.js';
import { describeMachine, loadAverage } from './scale/machine.js';
import { parseBenchOptions, usage } from './scale/options.js';
import { resultsTable, type BenchRow } from './scale/results-table.js';
import { ServerMemorySampler } from './scale/server-memory.js';
import { apiLatencyTable, benchApiLatency } from './scale/api-latency.js';
import { benchFreshness, freshnessLines } from './scale/freshness-run.js';
import { measurePostgresFloors } from './scale/postgres-floors.js';

const psql = '/usr/bin/psql';
const python = '/usr/bin/python3';

interface EngineFigures {
  seconds: { load: number; sessions: number };
  requests: number;
  sessions: number;
  drivenSessions: number;
  fingerprint: Fingerprint;
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

  // Rounds of DuckDB, perx and pandas in turn rather than all runs of one engine, then all of the next:
  // on a machine shared with other work, each engine's fastest run then comes from the same stretch of
  // load, not one engine from a busy minute and another from a quiet one.
  const check = new pg.Client({ connectionString: scratchUrl });
  await check.connect();
  const pandasInstalled = await runQuietly(python, ['-c', 'import pandas']).then(
    () => true,
    () => false,
  );
  const formulationRounds = [];
  const perxRuns = [];
  let pandas: (EngineFigures & { rss: number }) | undefined;
  for (let round = 0; round < options.repeat; round++) {
    formulationRounds.push(await runFormulations(options.duckdb, dataset.logPath, dataset.mappingPath));

    console.error('perx report all on PostgreSQL');
    // perx's own sessions + campaigns: the durations report all recorded for those two runs (the
    // sessions computed and stored in user ranges, then the campaign totals added up), without its
    // other reports. After the first run the stored sessions are current: --full computes them all again.
    const full = round > 0 ? ['--full'] : [];
    const reportAll = await measured(perx.node, [...perx.args, 'report', 'all', ...full, ...onServer], noEnv);
    const [phases] = (
      await check.query<{ seconds: number }>(
        `SELECT sum(duration_ms)::float8 / 1000 AS seconds
         FROM (SELECT duration_ms FROM report_run WHERE report IN ('sessions', 'campaigns') ORDER BY id DESC LIMIT 2) AS latest`,
      )
    ).rows;
    perxRuns.push({ reportAll, seconds: phases?.seconds ?? Number.NaN });

    if (!options.skipPandas && pandasInstalled) {
      console.error('pandas');
      const run = await runMeasured(
        python,
        ['bench/pandas_sessions.py', dataset.logPath, dataset.mappingPath],
        {
          cwd: projectRoot,
        },
      );
      const figures = { ...(JSON.parse(run.stdout) as EngineFigures), rss: run.peakRssKb };
      if (pandas === undefined || figures.seconds.sessions < pandas.seconds.sessions) pandas = figures;
    }
  }
  const formulations = fastestOfRounds(formulationRounds);
  const reports = fastest(perxRuns.map((run) => run.reportAll));
  const perxSeconds = Math.min(...perxRuns.map((run) => run.seconds));
  const [perxSessions] = (
    await check.query<{ sessions: string; driven: string }>(
      `SELECT count(*) AS sessions, count(*) FILTER (WHERE reward_driven_by_campaign_view) AS driven
       FROM report_session
       WHERE report_run_id = (SELECT max(coalesce(result_run_id, id)) FROM report_run WHERE report = 'sessions')`,
    )
  ).rows;
  const perxFingerprintRow = (await check.query(postgresFingerprintSql)).rows[0] as Parameters<
    typeof postgresFingerprint
  >[0];
  await check.end();
  const perxFingerprint = postgresFingerprint(perxFingerprintRow);
  const anchor = anchorOf(formulations, perxFingerprint);
  const matches = (figures: { fingerprint: Fingerprint }) =>
    sameFingerprint(figures.fingerprint, perxFingerprint);

  // What PostgreSQL itself takes for the index and for bare sessions, on the log perx just reported on.
  console.error('PostgreSQL floors: the covering index alone, sessions alone');
  const floors = await measurePostgresFloors(scratchUrl);
  if (!floors.sessions.equalToPerx) checks.push("the sessions floor's sessions DIFFER from perx's");
  // The floors wrote an index and a table's worth of WAL: flushed now, so that the freshness run after
  // them does not share the machine with the checkpoint they would otherwise bring on. CHECKPOINT needs a
  // superuser or pg_checkpoint; without either the run goes on and says so.
  await admin.query('CHECKPOINT').catch((error: unknown) => {
    checks.push(`CHECKPOINT after the floors refused (${String(error)}): freshness may pay for their writes`);
  });

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
      duckdbLoadSeconds: anchor?.seconds.load,
      duckdbSessionsSeconds: anchor?.seconds.sessions,
    });
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
      versusDuckdb: anchor?.seconds.load,
      processRssKb: ingestPostgres.peakRssKb,
      serverPssKb: ingestPostgres.serverPssKb,
      note: ['typed, validated, indexed; the four CSV files too', repeatNote].filter(Boolean).join('; '),
    },
    {
      step: 'floor: psql \\copy + covering index',
      rows: requests,
      seconds: copy.seconds + floors.indexSeconds,
      versusPsql: copy.seconds,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: `the least an ingest that indexes the log for sessions takes: the index alone ${floors.indexSeconds.toFixed(2)} s`,
    },
    { ...pgliteRow, versusPsql: copy.seconds, versusDuckdb: anchor?.seconds.load },
    {
      step: 'DuckDB load (read_csv)',
      rows: requests,
      seconds: anchor?.seconds.load,
      versusPsql: copy.seconds,
      versusDuckdb: anchor?.seconds.load,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: anchor
        ? `the anchor's (${anchor.formulation}); in memory, ${anchor.threads} threads; peak RSS below`
        : "no DuckDB formulation found perx's rows: no anchor",
    },
    {
      step: 'DuckDB sessions + campaigns',
      rows: requests,
      seconds: anchor?.seconds.sessions,
      versusDuckdb: anchor?.seconds.sessions,
      processRssKb: anchor?.peakRssKb,
      serverPssKb: undefined,
      note: anchor
        ? [
            `the anchor: bench/duckdb/${anchor.formulation}.sql, the fastest with perx's rows`,
            'RSS of its whole process',
            repeatNote,
          ]
            .filter(Boolean)
            .join('; ')
        : 'no anchor',
    },
    {
      step: 'perx sessions + campaigns',
      rows: requests,
      seconds: perxSeconds,
      versusDuckdb: anchor?.seconds.sessions,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: [
        'the durations report all recorded for its sessions and campaigns runs: computed and stored',
        repeatNote,
      ]
        .filter(Boolean)
        .join('; '),
    },
    {
      step: 'floor: sessions found and stored',
      rows: requests,
      seconds: floors.sessions.seconds,
      versusDuckdb: anchor?.seconds.sessions,
      processRssKb: undefined,
      serverPssKb: undefined,
      note: [
        `start, end, campaigns, rewards only, on ${floors.sessions.connections} connections (bench/floors/sessions-stored.sql)`,
        floors.sessions.equalToPerx ? "perx's sessions" : "NOT perx's sessions",
      ].join('; '),
    },
    {
      step: 'perx report all -> PostgreSQL',
      rows: requests,
      seconds: reports.seconds,
      versusDuckdb: anchor?.seconds.sessions,
      processRssKb: reports.peakRssKb,
      serverPssKb: reports.serverPssKb,
      note: ['sessions + campaigns (+ engagement, weekly), stored', repeatNote].filter(Boolean).join('; '),
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
        versusDuckdb: anchor?.seconds.load,
        processRssKb: undefined,
        serverPssKb: undefined,
        note: 'peak RSS below',
      },
      {
        step: 'pandas sessions + campaigns',
        rows: requests,
        seconds: pandas.seconds.sessions,
        versusDuckdb: anchor?.seconds.sessions,
        processRssKb: pandas.rss,
        serverPssKb: undefined,
        note: `bench/pandas_sessions.py; RSS of read + sessions; ${repeatNote ? `${repeatNote}; ` : ''}${matches(pandas) ? 'matches perx' : 'DOES NOT match perx'}`,
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
    `sessions (driven): perx ${perxSessions?.sessions} (${perxSessions?.driven}), DuckDB anchor ${anchor?.sessions ?? '-'} (${anchor?.drivenSessions ?? '-'})` +
      (pandas ? `, pandas ${pandas.sessions} (${pandas.drivenSessions})` : '') +
      (citus ? `, perx on Citus ${citus.sessions?.sessions} (${citus.sessions?.driven})` : ''),
  );
  if (citus) checks.push(`Citus shards of http_log per worker: ${citus.shardsPerWorker}`);

  console.log(resultsTable(rows));
  console.log('');
  console.log(formulationsTable(formulations, anchor, (run) => run.stable && matches(run)));
  console.log('');
  console.log(
    anchor
      ? `anchor: DuckDB ${anchor.formulation}, sessions + campaigns ${anchor.seconds.sessions.toFixed(2)} s; ` +
          `perx sessions + campaigns ${perxSeconds.toFixed(2)} s = ${(perxSeconds / anchor.seconds.sessions).toFixed(2)}x the anchor`
      : 'anchor: none (no DuckDB formulation found the rows perx stored)',
  );
  console.log(
    `PostgreSQL floors: sessions found and stored alone ${floors.sessions.seconds.toFixed(2)} s` +
      (anchor ? ` = ${(floors.sessions.seconds / anchor.seconds.sessions).toFixed(2)}x the anchor` : '') +
      `; psql \\copy + the covering index alone ${(copy.seconds + floors.indexSeconds).toFixed(2)} s = ` +
      `${((copy.seconds + floors.indexSeconds) / copy.seconds).toFixed(2)}x psql \\copy`,
  );
  console.log(
    `fingerprint of perx's stored rows: sessions ${perxFingerprint.sessions.rows} rows, sum ${perxFingerprint.sessions.sum}; ` +
      `campaigns ${perxFingerprint.campaigns.rows} rows, sum ${perxFingerprint.campaigns.sum}`,
  );
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
