/**
 * The dashboard's API at scale: `perx serve` on a database holding stored reports, and autocannon at 10
 * connections on each variant of the sessions endpoint (api-variants.ts) in turn, for the same duration
 * each. Prints a table of p50, p99 and requests per second per variant.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { autocannon } from '../autocannon.js';
import { apiVariants } from './api-variants.js';
import { dashboardUrl } from './child.js';

export interface ApiLatencyRow {
  variant: string;
  path: string;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  /** Errors, timeouts and non-2xx answers. */
  failures: number;
}

interface Perx {
  node: string;
  args: string[];
}

const connections = 10;

/** A user with stored sessions: the user filter's value. */
async function someUser(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ user_id: string }>(
      `SELECT user_id FROM report_session
       WHERE report_run_id = (
         SELECT coalesce(result_run_id, id) FROM report_run
         WHERE report = 'sessions' AND kind = 'all' AND complete ORDER BY id DESC LIMIT 1
       )
       ORDER BY user_id LIMIT 1`,
    );
    return rows[0]?.user_id ?? '';
  } finally {
    await client.end();
  }
}

/** Starts `perx serve` on a free port; resolves with its URL and a function that stops it. */
async function serve(perx: Perx, databaseUrl: string, env: Record<string, string>) {
  const server = spawn(perx.node, [...perx.args, 'serve', '--port', '0', '--database-url', databaseUrl], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await dashboardUrl(server);
  const stop = async () => {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}

export async function benchApiLatency(
  perx: Perx,
  options: { databaseUrl: string; seconds: number; env: Record<string, string> },
): Promise<ApiLatencyRow[]> {
  const user = await someUser(options.databaseUrl);
  const server = await serve(perx, options.databaseUrl, options.env);
  const rows: ApiLatencyRow[] = [];
  try {
    for (const variant of apiVariants(user)) {
      const result = await autocannon({
        url: server.url,
        connections,
        duration: options.seconds,
        requests: [{ method: 'GET', path: variant.path }],
      });
      rows.push({
        variant: variant.name,
        path: variant.path,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requestsPerSecond: result.requests.total / result.duration,
        failures: result.errors + result.timeouts + result.non2xx,
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** The latency rows as a Markdown table. */
export function apiLatencyTable(rows: readonly ApiLatencyRow[], seconds: number): string {
  const lines = [
    `API latency: GET /api/sessions (pages of 50), autocannon at ${connections} connections, ${seconds} s per variant`,
    '',
    '| variant | p50 ms | p99 ms | requests/s | failures |',
    '| :------ | -----: | -----: | ---------: | -------: |',
    ...rows.map(
      (row) =>
        `| ${row.variant} | ${row.p50Ms} | ${row.p99Ms} | ${row.requestsPerSecond.toFixed(0)} | ${row.failures} |`,
    ),
  ];
  return lines.join('\n');
}
