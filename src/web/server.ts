import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { PerxError } from '../errors.js';
import { Activity } from './activity.js';
import { LiveComputations } from './live/live-computations.js';
import { createApp } from './app.js';

export interface StartServerOptions {
  database: Database;
  config: Config;
  /** 0 picks a free port (tests). Defaults to config.port. */
  port?: number;
  /** Defaults to config.host, which defaults to loopback only. */
  host?: string;
}

export interface RunningServer {
  /** Where the dashboard answers, e.g. http://127.0.0.1:5000 */
  readonly url: string;
  /**
   * Stops accepting connections and resolves once the requests in flight have finished, including
   * downloads still streaming and handlers whose client has gone, so the database can close next.
   */
  close(): Promise<void>;
}

/** How long close() lets in-flight work (a long CSV download) finish before cutting connections. */
const closeGraceMilliseconds = 5000;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const activity = new Activity();
  const live = new LiveComputations(options.database, {
    timeLimitMs: options.config.liveTimeoutSeconds * 1000,
    keepRuns: options.config.liveRuns,
  });
  const app = createApp({ database: options.database, config: options.config, activity, live });
  const host = options.host ?? options.config.host;
  const port = options.port ?? options.config.port;

  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    created.once('error', (error) =>
      reject(new PerxError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error })),
    );
    created.once('listening', () => {
      created.removeAllListeners('error');
      resolve(created);
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    // Keep-alive sockets with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<'expired'>((resolve) => {
      graceTimer = setTimeout(() => resolve('expired'), closeGraceMilliseconds);
      graceTimer.unref();
    });
    const finished = Promise.all([closed, activity.idle()]).then(() => 'finished' as const);
    if ((await Promise.race([finished, grace])) === 'expired') {
      server.closeAllConnections();
      // Streams cut off above end their cursors as they unwind; wait for that, but not forever.
      await Promise.race([activity.idle(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await closed;
    }
    clearTimeout(graceTimer);
    // A computation under way stops at its next user range and removes what it wrote.
    await live.close();
  }

  return {
    url: `http://${urlHost}:${address.port}`,
    close() {
      closing ??= close();
      return closing;
    },
  };
}
