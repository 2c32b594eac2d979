import { Hono } from 'hono';
import { errorMessage } from '../../../errors.js';
import type { WebContext } from '../../web-context.js';

/** Liveness that includes the database, so a load balancer stops sending work to a server without one. */
export function healthRoutes({ database }: WebContext): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      await database.query('SELECT 1');
      return c.json({ status: 'ok', engine: database.engine });
    } catch (error) {
      return c.json({ status: 'unavailable', error: errorMessage(error) }, 503);
    }
  });
}
