/**
 * The soak: a server under steady reads while new data keeps arriving. A generated base log is ingested
 * and stored; `perx serve` runs; autocannon reads the API at 10 connections the whole time; every 20 s a
 * new generated chunk of the log is appended (`perx ingest --append`, each chunk a later day) and
 * `perx report all` brings the stored reports up to date. Prints the readers' errors and latency, the
 * server's RSS over time, each append and recompute, and whether the final stored sessions equal a full
 * recompute. Engine: the PostgreSQL server of --database-url (a scratch database is created and dropped
 * through it), or the embedded one with --embedded.
 * Run: npm run build && npx tsx bench/soak.ts [--minutes 10] [--chunk 20000] [--embedded]
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { openDatabase } from '../src/db/open.js';
import { latestReportRun, sessionParamsSchema, sessionRows } from '../src/reports/index.js';
import { dashboardUrl, runQuietly } from './scale/child.js';
import { autocannon } from './autocannon.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    minutes: { type: 'string' },
    chunk: { type: 'string' },
    embedded: { type: 'boolean' },
    'admin-url': { type: 'string' },
  },
});
const options = z
  .object({
    minutes: z.coerce.number().positive().max(120).default(10),
    chunk: z.coerce.number().int().min(1).default(20_000),
    embedded: z.boolean().default(false),
    'admin-url': z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  })
  .parse(values);

const projectRoot = new URL('../', import.meta.url).pathname;
const perxArgs = [join(projectRoot, 'bin/perx.js')];
const intervalMs = 20_000;
const work = await mkdtemp(join(tmpdir(), 'perx-soak-'));
const source = join(work, 'source');
const scratch = `perx_soak_${process.pid}`;
const admin = new pg.Client({ connectionString: options['admin-url'] });
const databaseUrl = Object.assign(new URL(options['admin-url']), { pathname: `/${scratch}` }).toString();
const target = options.embedded
  ? { DATABASE_URL: '', PERX_DATA_DIR: join(work, 'db') }
  : { DATABASE_URL: databaseUrl, PERX_DATA_DIR: join(work, 'db') };
const env = { ...process.env, ...target, PERX_SOURCE: '' };
const perx = (args: readonly string[]) => runQuietly(process.execPath, [...perxArgs, ...args], { env });

/** A day of generated log for `day` days after the base log's first day, as a file of its own. */
async function generateChunk(day: number, requests: number, into: string): Promise<void> {
  const folder = join(work, `chunk-${day}`);
  const start = new Date(Date.UTC(2019, 7, 26 + day)).toISOString().slice(0, 10);
  await perx(
    [
      'generate',
      '--out',
      folder,
      '--requests',
      String(requests),
      '--users',
      String(Math.max(1, requests / 10)),
    ].concat(['--campaigns', '20', '--seed', String(day + 1), '--start', start, '--days', '1']),
  );
  await copyFile(join(folder, 'http_log.txt'), into);
  await rm(folder, { recursive: true, force: true });
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

if (!options.embedded) {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
}
try {
  console.error('generating and ingesting the base data set');
  await perx(
    [
      'generate',
      '--out',
      source,
      '--requests',
      String(options.chunk * 10),
      '--users',
      String(options.chunk),
    ].concat(['--campaigns', '20', '--seed', '1', '--start', '2019-08-12', '--days', '14']),
  );
  await rm(join(source, 'SHA256SUMS'));
  await perx(['ingest', '--source', source]);
  await perx(['report', 'all']);

  const server = spawn(process.execPath, [...perxArgs, 'serve', '--port', '0'], { env });
  const url = await dashboardUrl(server);

  const seconds = Math.round(options.minutes * 60);
  const readers = autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      '/api/status',
      '/api/sessions?limit=50',
      '/api/sessions?driven=true&sort=-duration',
      '/api/engagement',
      '/api/weekly',
      '/api/campaigns',
    ].map((path) => ({ method: 'GET' as const, path })),
  });
  const rss: string[] = [];
  const started = performance.now();
  let day = 0;
  while (performance.now() - started < seconds * 1000 - intervalMs) {
    const round = performance.now();
    day += 1;
    await generateChunk(day, options.chunk, join(source, `http_log-${String(day).padStart(3, '0')}.txt`));
    const appendStarted = performance.now();
    await perx(['ingest', '--append', '--source', source]);
    const reportStarted = performance.now();
    await perx(['report', 'all']);
    const done = performance.now();
    const memory = await rssMb(server.pid!);
    rss.push(memory.toFixed(0));
    console.error(
      `chunk ${day}: append ${((reportStarted - appendStarted) / 1000).toFixed(2)} s, report all ${((done - reportStarted) / 1000).toFixed(2)} s, server RSS ${memory.toFixed(0)} MB`,
    );
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - round))),
    );
  }
  const result = await readers;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));

  const database = await openDatabase({
    databaseUrl: target.DATABASE_URL || undefined,
    dataDir: target.PERX_DATA_DIR,
  });
  let equal: boolean;
  let sessions: number;
  try {
    const params = sessionParamsSchema.parse({});
    const run = await latestReportRun(database, 'sessions');
    const stored: unknown[] = [];
    for await (const row of sessionRows(database, params, run)) stored.push(row);
    const computed: unknown[] = [];
    for await (const row of sessionRows(database, params)) computed.push(row);
    equal = JSON.stringify(stored) === JSON.stringify(computed);
    sessions = computed.length;
  } finally {
    await database.close();
  }

  console.log(
    `soak: ${options.minutes} min, ${options.embedded ? 'embedded PGlite' : 'PostgreSQL'}, ${day} chunks of ${options.chunk.toLocaleString('en-US')} requests appended`,
  );
  console.log(
    `readers: ${result.requests.total} requests, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  console.log(`errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);
  console.log(`server RSS after each chunk (MB): ${rss.join(', ')}`);
  console.log(
    `stored sessions equal a full recompute: ${equal ? 'yes' : 'NO'} (${sessions.toLocaleString('en-US')} sessions)`,
  );
  if (!equal || result.errors + result.timeouts + result.non2xx > 0) process.exitCode = 1;
} finally {
  if (!options.embedded) {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  }
  await rm(work, { recursive: true, force: true });
}
