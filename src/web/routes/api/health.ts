import { Hono } from 'hono';
import { errorMessage } from '../../../errors.js';
import type { WebContext } from '../../web-context.js';

/** How long /healthz waits for the database before it answers that the database is busy. */
const probeTimeoutMs = 1000;

/**
 * Liveness that includes the database, so a load balancer stops sending work to a server without one:
 * `ok` with the database `ok`, or `busy` (the embedded database in the middle of a long statement, which
 * is answered at once rather than waited for: the server itself is alive). The answer never carries the
 * database's error text (it can name hosts, users or files); the server's log does.
 */
export function healthRoutes({ database }: WebContext): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      return c.json({
        status: 'ok',
        engine: database.engine,
        database: await database.probe(probeTimeoutMs),
      });
    } catch (error) {
      console.error(`perx serve: /healthz: the database is unavailable: ${errorMessage(error)}`);
      return c.json({ status: 'unavailable' }, 503);
    }
  });
}
