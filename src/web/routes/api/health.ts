import { Hono } from 'hono';
import { errorMessage } from '../../../errors.js';
import type { WebContext } from '../../web-context.js';

/**
 * Liveness that includes the database, so a load balancer stops sending work to a server without one.
 * The answer never carries the database's error text (it can name hosts, users or files); the server's
 * log does.
 */
export function healthRoutes({ database }: WebContext): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      await database.query('SELECT 1');
      return c.json({ status: 'ok', engine: database.engine });
    } catch (error) {
      console.error(`perx serve: /healthz: the database is unavailable: ${errorMessage(error)}`);
      return c.json({ status: 'unavailable' }, 503);
    }
  });
}
