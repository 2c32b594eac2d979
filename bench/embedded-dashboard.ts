/**
 * The embedded dashboard at scale: a generated log (1M requests by default) ingested into a fresh PGlite
 * folder with `perx report all` stored, then `perx serve` as a user starts it, and:
 * - how long the server takes to be ready on that folder (a restart);
 * - `/healthz` latency (p50, p99, max), polled without pause while `/sessions?gap=600` computes live;
 * - how long that first live page takes (the page says "computing" and refreshes until it has the rows);
 * - the next page of the same view and `/campaigns?gap=600`, both answered from the stored live run;
 * - `perx report weekly` from another process while the server owns the folder;
 * - the server's RSS (current and peak).
 * Run: npm run build && npm run bench -- embedded [--requests N]. Not part of the test suite.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { dashboardUrl, runMeasured } from './scale/child.js';
import { benchDataset } from './scale/dataset.js';

const projectRoot = new URL('../', import.meta.url).pathname;
const perx = { node: process.execPath, args: [join(projectRoot, 'bin/perx.js')] };

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { requests: { type: 'string' } },
  allowPositionals: true,
});
const requests = z.coerce.number().int().min(1).default(1_000_000).parse(values.requests);
const users = Math.max(1, Math.floor(requests / 10));

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const secondsSince = (start: number) => (performance.now() - start) / 1000;

async function timed(url: string): Promise<{ ms: number; body: string; status: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, body, status: response.status };
}

/** `perx serve` on the folder, and the seconds until it printed its URL. */
async function serve(dataDir: string) {
  const started = performance.now();
  const child = spawn(perx.node, [...perx.args, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  const url = await dashboardUrl(child);
  return { child, url, readySeconds: secondsSince(started) };
}

async function memoryOf(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const dataDir = await mkdtemp(join(tmpdir(), 'perx-bench-embedded-'));
try {
  console.error(`data set of ${requests.toLocaleString('en-US')} requests`);
  const dataset = await benchDataset(perx, requests, users);
  const onFolder = ['--data-dir', dataDir];
  const env = { DATABASE_URL: '', PERX_SOURCE: '' };
  console.error('perx ingest (embedded)');
  const ingested = await runMeasured(
    perx.node,
    [...perx.args, 'ingest', '--source', dataset.folder, ...onFolder],
    {
      env,
    },
  );
  console.error('perx report all (embedded)');
  const stored = await runMeasured(perx.node, [...perx.args, 'report', 'all', ...onFolder], { env });

  const server = await serve(dataDir);
  const health: number[] = [];
  let computing = true;
  const sampler = (async () => {
    while (computing) health.push((await timed(`${server.url}/healthz`)).ms);
  })();

  // The first live page: "computing" with a refresh until its run is stored, as a browser would follow it.
  const firstStarted = performance.now();
  let polls = 0;
  for (;;) {
    const page = await timed(`${server.url}/sessions?gap=600`);
    polls++;
    if (page.status !== 200) throw new Error(`/sessions?gap=600 answered ${page.status}`);
    if (!page.body.includes('http-equiv="refresh"')) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const firstPageSeconds = secondsSince(firstStarted);
  computing = false;
  await sampler;

  const nextPage = await timed(`${server.url}/sessions?gap=600&offset=50`);
  const campaigns = await timed(`${server.url}/campaigns?gap=600`);
  const weekly = await runMeasured(perx.node, [...perx.args, 'report', 'weekly', ...onFolder], { env });
  const memory = await memoryOf(server.child.pid!);
  const stopped = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await stopped;

  const sorted = [...health].sort((a, b) => a - b);
  console.log(`${cpus().length} cores, Node.js ${process.version}`);
  console.log(`embedded dashboard, ${requests.toLocaleString('en-US')} requests`);
  console.log(`perx ingest                      ${ingested.seconds.toFixed(2)} s`);
  console.log(`perx report all                  ${stored.seconds.toFixed(2)} s`);
  console.log(`perx serve ready (restart)       ${server.readySeconds.toFixed(2)} s`);
  console.log(`/sessions?gap=600 first page     ${firstPageSeconds.toFixed(2)} s (${polls} page loads)`);
  console.log(
    `/healthz during it               p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? Number.NaN)} (${sorted.length} requests)`,
  );
  console.log(`/sessions?gap=600 next page      ${ms(nextPage.ms)}`);
  console.log(`/campaigns?gap=600               ${ms(campaigns.ms)}`);
  console.log(`perx report weekly beside it     ${weekly.seconds.toFixed(2)} s`);
  console.log(
    `server RSS                       ${memory.rssMb.toFixed(0)} MB (peak ${memory.peakMb.toFixed(0)} MB)`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
