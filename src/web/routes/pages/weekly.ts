import { Hono } from 'hono';
import { requestQuery } from '../../params/request-query.js';
import { loadWeekly, parseWeeklyQuery, weeklyQueryNames } from '../../report-data/weekly-data.js';
import { weeklyPage } from '../../views/weekly-page.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

export function weeklyPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  return new Hono().get('/weekly', (c) => {
    const page = { query: rawQuery(c), configuredTimeZone: config.timeZone };
    return renderPage(
      c,
      context,
      { title: 'Weekly redemptions', section: 'weekly', charts: true, scripts: ['weekly.js', 'filters.js'] },
      async () => {
        const params = parseWeeklyQuery(requestQuery(c.req.queries(), weeklyQueryNames), config);
        return { body: weeklyPage({ ...page, data: await loadWeekly(database, params) }) };
      },
      (error) => weeklyPage({ ...page, error }),
    );
  });
}
