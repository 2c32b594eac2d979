import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { createTestStore, describeEachEngine } from '../support/engines.js';

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
    expect(await response.json()).toEqual({ status: 'ok', engine });
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
    expect(await style.text()).toContain('prefers-color-scheme: dark');
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
    const response = await fetch(`${second.url}/assets/vendor/echarts.min.js`);
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
      expect(await health.json()).toEqual({ status: 'ok', engine });
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
    expect(stderr).toContain('PORT (port)');
  });
});
