import { Hono } from 'hono';
import { requestQuery } from '../../params/request-query.js';
import { loadOverview } from '../../report-data/overview-data.js';
import { errorMessage } from '../../views/components/messages.js';
import { overviewPage } from '../../views/overview-page.js';
import type { WebContext } from '../../web-context.js';
import { renderPage } from './render-page.js';

export function overviewPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  return new Hono().get('/', (c) =>
    renderPage(
      c,
      context,
      { title: 'Overview', section: 'overview' },
      async () => {
        requestQuery(c.req.queries(), []);
        return { body: overviewPage(await loadOverview(database, config)) };
      },
      (error) => errorMessage(error),
    ),
  );
}
