/**
 * The stored session and campaign reports of `perx report all` against DuckDB's run of the same
 * sessionization (duckdb/ported.sql) on the same files, measured in the same run, alternating so both
 * see the same machine load. Prints each run and the medians.
 *
 * Usage: npx tsx bench/sessions.ts --source <data set folder> [--database-url <url> | --data-dir <dir>]
 *          [--ingest] [--runs 3] [--jobs <n>]
 *
 * The database (DATABASE_URL when neither flag is given) must hold the folder's data: ingest it first
 * (`perx ingest --source <folder>`), or pass --ingest to do it here. perx computes every session anew on
 * each run (`report all --full`); its figure is the sessions run plus the campaigns run, as recorded in
 * report_run. DuckDB's figure is its sessions phase; its load is shown apart.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openDatabase } from '../src/db/open.js';
import { ingest } from '../src/ingest/load.js';
import { computeAllReports } from '../src/reports/index.js';

const { values: flags } = parseArgs({
  options: {
    source: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    ingest: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    jobs: { type: 'string' },
  },
});
if (!flags.source) throw new Error('usage: bench/sessions.ts --source <data set folder> [...]');
const source = resolve(flags.source);
const runs = Number(flags.runs);
const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
const databaseUrl = flags['data-dir'] ? undefined : (flags['database-url'] ?? process.env.DATABASE_URL);
const dataDir = flags['data-dir'] ?? join(source, '.perx-bench-db');

interface DuckDbFigures {
  seconds: { load: number; sessions: number };
  sessions: number;
  drivenSessions: number;
}

/** DuckDB in a child process (bench/scale/duckdb-run.ts), so its memory is its own and freed after. */
async function runDuckDb(): Promise<DuckDbFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./scale/duckdb-run.ts', import.meta.url).pathname,
      join(source, 'http_log.txt'),
      join(source, 'campaign_reward_mapping.csv'),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DuckDbFigures;
}

const database = await openDatabase({ databaseUrl, dataDir });
try {
  if (flags.ingest) {
    const started = performance.now();
    await ingest(database, { source });
    console.log(`ingested ${source} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const perxSeconds: number[] = [];
  const duckSeconds: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const duck = await runDuckDb();
    duckSeconds.push(duck.seconds.sessions);
    const started = performance.now();
    const [, , sessions, campaigns] = await computeAllReports(database, { full: true, jobs });
    const wall = (performance.now() - started) / 1000;
    if (!sessions || !campaigns) throw new Error('report all returned no sessions or campaigns run');
    const perx = (sessions.duration_ms + campaigns.duration_ms) / 1000;
    perxSeconds.push(perx);
    const driven = await database.query<{ driven: number }>(
      'SELECT count(*) FILTER (WHERE reward_driven_by_campaign_view) AS driven FROM report_session WHERE report_run_id = $1',
      [sessions.result_run_id],
    );
    console.log(
      `run ${run}: perx sessions+campaigns ${perx.toFixed(2)} s (${JSON.stringify(sessions.computation)}; ` +
        `report all ${wall.toFixed(2)} s; ${sessions.row_count} sessions, ${driven[0]?.driven ?? 0} driven)  ` +
        `DuckDB sessions ${duck.seconds.sessions.toFixed(2)} s, load ${duck.seconds.load.toFixed(2)} s ` +
        `(${duck.sessions} sessions, ${duck.drivenSessions} driven)`,
    );
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const perx = median(perxSeconds);
  const duck = median(duckSeconds);
  console.log(
    `median: perx sessions+campaigns ${perx.toFixed(2)} s, DuckDB ${duck.toFixed(2)} s, ratio ${(perx / duck).toFixed(2)}x`,
  );
} finally {
  await database.close();
}
