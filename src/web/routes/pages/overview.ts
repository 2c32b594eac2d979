import { Hono } from 'hono';
import { requestQuery } from '../../params/request-query.js';
import { loadOverview } from '../../report-data/overview-data.js';
import { errorMessage } from '../../views/components/messages.js';
import { computingRefreshSeconds } from '../../views/components/computing.js';
import { overviewPage } from '../../views/overview-page.js';
import type { WebContext } from '../../web-context.js';
import { renderPage } from './render-page.js';

export function overviewPageRoutes(context: WebContext): Hono {
  return new Hono().get('/', (c) =>
    renderPage(
      c,
      context,
      { title: 'Overview', section: 'overview', charts: true, scripts: ['overview.js'] },
      async () => {
        requestQuery(c.req.queries(), []);
        const data = await loadOverview(context);
        // While the trend's sessions are computed, the page shows how far along and reloads itself.
        const computing = 'computing' in data.trend && data.trend.computing.failure === undefined;
        return { body: overviewPage(data), refreshSeconds: computing ? computingRefreshSeconds : undefined };
      },
      (error) => errorMessage(error),
    ),
  );
}
