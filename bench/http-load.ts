/**
 * Latency and throughput of the dashboard API under a bounded load on loopback: the bundled Perx data
 * ingested into a fresh store (embedded PGlite in a temporary folder, or the PostgreSQL server named by
 * DATABASE_URL, whose data it replaces), `perx report all` stored, a real server on a free port, then
 * autocannon with a fixed number of connections for 30 s per endpoint. Prints p50/p99 latency,
 * requests per second and every kind of error. Run: npx tsx bench/http-load.ts [seconds] [connections]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledSource, loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/open.js';
import { ingest } from '../src/ingest/load.js';
import { computeAllReports } from '../src/reports/index.js';
import { startServer } from '../src/web/server.js';
import { autocannon } from './autocannon.js';

const seconds = Number(process.argv[2] ?? 30);
const connections = Number(process.argv[3] ?? 10);

/** Each endpoint is driven with a mix of its common requests, served stored and computed on demand. */
const scenarios: { name: string; paths: string[] }[] = [
  {
    name: '/api/sessions',
    paths: [
      '/api/sessions',
      '/api/sessions?driven=true&sort=-duration',
      '/api/sessions?user=1014506',
      '/api/sessions?offset=5000&limit=100&sort=-session_start',
    ],
  },
  {
    name: '/api/engagement',
    paths: ['/api/engagement', '/api/engagement?campaign=1', '/api/engagement?from=2019-08-15&to=2019-08-18'],
  },
];

const dataDir = await mkdtemp(join(tmpdir(), 'perx-bench-'));
const config = loadConfig({ dataDir: join(dataDir, 'db') });
const database = await openDatabase(config);
try {
  await ingest(database, { source: bundledSource });
  await computeAllReports(database);
  const server = await startServer({ database, config, port: 0, host: '127.0.0.1' });
  try {
    console.log(
      `engine ${database.engine}, ${connections} connections, ${seconds} s per endpoint, Node ${process.version}`,
    );
    for (const scenario of scenarios) {
      const result = await autocannon({
        url: server.url,
        connections,
        duration: seconds,
        requests: scenario.paths.map((path) => ({ method: 'GET', path })),
      });
      const failures = result.errors + result.timeouts + result.non2xx;
      console.log(
        `${scenario.name.padEnd(16)} p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
          `${result.requests.average.toFixed(0)} req/s  ${result.requests.total} requests  ` +
          `errors ${result.errors}  timeouts ${result.timeouts}  non-2xx ${result.non2xx}`,
      );
      if (failures > 0) process.exitCode = 1;
    }
  } finally {
    await server.close();
  }
} finally {
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
