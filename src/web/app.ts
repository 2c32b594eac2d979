import { Hono } from 'hono';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { Activity } from './activity.js';
import { LiveComputations } from './live/live-computations.js';
import { allowedMethods } from './middleware/allowed-methods.js';
import { handleError, notFoundHandler } from './middleware/error-handler.js';
import { securityHeaders } from './middleware/security-headers.js';
import { campaignsApi } from './routes/api/campaigns.js';
import { engagementApi } from './routes/api/engagement.js';
import { healthRoutes } from './routes/api/health.js';
import { openApiRoutes } from './routes/api/openapi.js';
import { rejectsApi } from './routes/api/rejects.js';
import { sessionsApi } from './routes/api/sessions.js';
import { statusApi } from './routes/api/status.js';
import { weeklyApi } from './routes/api/weekly.js';
import { assetRoutes } from './routes/assets.js';
import { campaignsPageRoutes } from './routes/pages/campaigns.js';
import { engagementPageRoutes } from './routes/pages/engagement.js';
import { overviewPageRoutes } from './routes/pages/overview.js';
import { sessionsPageRoutes } from './routes/pages/sessions.js';
import { transactionsPageRoutes } from './routes/pages/transactions.js';
import { weeklyPageRoutes } from './routes/pages/weekly.js';
import type { WebContext } from './web-context.js';

/**
 * The whole dashboard as one Hono app: tests call app.request() on it, startServer() puts it on a socket.
 */
export function createApp(options: {
  database: Database;
  config: Config;
  activity?: Activity;
  live?: LiveComputations;
}): Hono {
  const context: WebContext = Object.freeze({
    database: options.database,
    config: options.config,
    activity: options.activity ?? new Activity(),
    live:
      options.live ??
      new LiveComputations(options.database, {
        timeLimitMs: options.config.liveTimeoutSeconds * 1000,
        keepRuns: options.config.liveRuns,
      }),
  });
  const app = new Hono();
  app.use(async (_c, next) => {
    const end = context.activity.begin();
    try {
      await next();
    } finally {
      end();
    }
  });
  app.use(securityHeaders);
  app.onError(handleError);
  app.notFound(notFoundHandler(allowedMethods(app)));
  app.route('/', healthRoutes(context));
  app.route('/', statusApi(context));
  app.route('/', rejectsApi(context));
  app.route('/', engagementApi(context));
  app.route('/', weeklyApi(context));
  app.route('/', sessionsApi(context));
  app.route('/', campaignsApi(context));
  app.route('/', openApiRoutes(context));
  app.route('/', assetRoutes());
  app.route('/', overviewPageRoutes(context));
  app.route('/', engagementPageRoutes(context));
  app.route('/', weeklyPageRoutes(context));
  app.route('/', sessionsPageRoutes(context));
  app.route('/', campaignsPageRoutes(context));
  app.route('/', transactionsPageRoutes(context));
  return app;
}
