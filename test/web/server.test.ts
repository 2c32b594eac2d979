import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { ingest } from '../../src/ingest/load.js';
import { createTestStore, describeEachEngine } from '../support/engines.js';
import { hostileFixture } from './support/web-fixture.js';

describeEachEngine('web server', ({ database, engine }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ database: database(), config: loadConfig({}, {}), port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds loopback by default and answers /healthz with the engine', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', engine, database: 'ok' });
  });

  it('sends a self-only content security policy and nosniff on every response', async () => {
    for (const path of ['/healthz', '/assets/style.css', '/no-such-page']) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves ECharts from node_modules and its own assets, and nothing outside the fixed list', async () => {
    const echarts = await fetch(`${server.url}/assets/vendor/echarts.min.js`);
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await echarts.text()).toContain('echarts');
    const style = await fetch(`${server.url}/assets/style.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toContain('--bg: light-dark(');
    for (const path of [
      '/assets/../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/vendor/echarts.js',
      '/assets/app.ts',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.status, path).toBe(404);
    }
  });

  it('closes gracefully: a request in flight completes, new connections are refused', async () => {
    const second = await startServer({ database: database(), config: loadConfig({}, {}), port: 0 });
    // ECharts as it is (1.1 MB, not the 330 KB of brotli): still being written when close() begins.
    const response = await fetch(`${second.url}/assets/vendor/echarts.min.js`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    const closed = second.close();
    expect((await response.text()).length).toBeGreaterThan(100_000);
    // The client keeps its connection alive; close() must not wait for it to go idle on its own.
    await closed;
    await expect(fetch(`${second.url}/healthz`)).rejects.toThrow();
  });

  it('names the address when the port is taken', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startServer({ database: database(), config: loadConfig({}, {}), port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}`,
    );
  });

  it('perx serve prints its URL, serves, and on SIGTERM closes the server and the database and exits 0', async () => {
    // A store of its own: an embedded database folder admits one process at a time.
    const store = await createTestStore(engine);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
        env: { ...process.env, ...store.env },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const lines = createInterface({ input: child.stdout });
      const output: string[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        lines.on('line', (line) => {
          output.push(line);
          const match = /perx dashboard at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then(() => reject(new Error(`perx serve exited early: ${stderr}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', engine, database: 'ok' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output.join('\n')).toContain('SIGTERM received, closing the server');
      expect(stderr).toBe('');
    } finally {
      await store.remove();
    }
  });

  it('perx serve rejects a bad port with exit code 2', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '99999'],
      {
        env: { ...process.env, PERX_DATA_DIR: '/nonexistent/never-opened', DATABASE_URL: '' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(exitCode).toBe(2);
    // The flag the user typed, in plain words.
    expect(stderr).toBe('perx: invalid configuration: --port: must be a whole number from 0 to 65535\n');
  });

  it('a client that leaves mid-download ends the stream; the server answers on and closes cleanly', async () => {
    // 40,000 single-request sessions: a CSV of several megabytes, far more than one chunk.
    const folder = await mkdtemp(join(tmpdir(), 'perx-web-many-'));
    try {
      for (const file of [
        'campaign.csv',
        'reward_campaign.csv',
        'reward_transaction.csv',
        'campaign_reward_mapping.csv',
      ]) {
        await copyFile(join(hostileFixture, file), join(folder, file));
      }
      const lines = Array.from(
        { length: 40_000 },
        (_, user) => `2019-08-26T10:00:00+00:00 GET /campaigns/1 u${user}\n`,
      );
      await writeFile(join(folder, 'http_log.txt'), lines.join(''));
      await ingest(database(), { source: folder });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const third = await startServer({ database: database(), config: loadConfig({}, {}), port: 0 });
    const controller = new AbortController();
    const response = await fetch(`${third.url}/api/sessions?format=csv`, { signal: controller.signal });
    expect(response.status).toBe(200);
    if (!response.body) throw new Error('the download has no body');
    let received = 0;
    // Leaving the loop after the first chunk cancels the body: the client goes away mid-download.
    for await (const chunk of response.body) {
      received += (chunk as Uint8Array).byteLength;
      break;
    }
    controller.abort();
    expect(received).toBeGreaterThan(0);
    const page = await fetch(`${third.url}/api/sessions?limit=1&sort=-user_id`);
    expect(await page.json()).toMatchObject({ total: 40_000, rows: [{ user_id: 'u9999' }] });
    const complete = await (await fetch(`${third.url}/api/sessions?format=ndjson`)).text();
    expect(complete.trim().split('\n')).toHaveLength(40_000);
    await third.close();
  });
});
