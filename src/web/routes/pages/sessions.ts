import { Hono } from 'hono';
import { sessionLengths } from '../../../reports/index.js';
import { pageQuery } from '../../params/page-query.js';
import {
  loadSessions,
  loadTimeline,
  parseSessionQuery,
  parseTimelineRequest,
  sessionQueryNames,
  defaultTimelinePageSize,
} from '../../report-data/sessions-data.js';
import { parseTablePage } from '../../params/table-page.js';
import { computingRefreshSeconds } from '../../views/components/computing.js';
import { sessionPage } from '../../views/session-page.js';
import { sessionsPage } from '../../views/sessions-page.js';
import { readPagePeriod } from '../../status/data-period.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

export function sessionsPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  const app = new Hono();
  app.get('/sessions', async (c) => {
    const query = rawQuery(c);
    const dataPeriod = await readPagePeriod(context.database, query.tz, config.timeZone);
    const page = { query, configuredTimeZone: config.timeZone, dataPeriod };
    return renderPage(
      c,
      context,
      { title: 'Sessions', section: 'sessions', charts: true, scripts: ['filters.js', 'sessions.js'] },
      async () => {
        const params = parseSessionQuery(pageQuery(c, sessionQueryNames), config);
        const data = await loadSessions(context, params);
        if ('computing' in data) {
          return {
            body: sessionsPage({ ...page, computing: data.computing }),
            refreshSeconds: data.computing.failure === undefined ? computingRefreshSeconds : undefined,
          };
        }
        const lengths = await sessionLengths(database, data.params, data.run);
        return { body: sessionsPage({ ...page, data, lengths }) };
      },
      (error) => sessionsPage({ ...page, error }),
    );
  });
  app.get('/sessions/:user_id/:session_start', async (c) => {
    const userId = c.req.param('user_id');
    const sessionStart = c.req.param('session_start');
    const query = rawQuery(c);
    const apiPath = `/api/sessions/${encodeURIComponent(userId)}/${encodeURIComponent(sessionStart)}`;
    const filters = { gap: query.gap, tz: query.tz };
    const frame = { title: `Session of user ${userId}`, section: 'sessions' as const };
    return renderPage(
      c,
      context,
      frame,
      async () => {
        const checked = pageQuery(c, ['gap', 'tz', 'limit', 'offset']);
        const request = parseTimelineRequest(userId, sessionStart, checked, config);
        const page = parseTablePage(checked, [], defaultTimelinePageSize);
        const timeline = await loadTimeline(database, request, page);
        return {
          body: sessionPage({
            userId,
            timeZone: request.tz,
            gap: request.gap,
            timeline,
            apiPath,
            filters,
            query,
            page,
          }),
          status: timeline ? 200 : 404,
        };
      },
      (error) => sessionPage({ userId, timeZone: config.timeZone, gap: 0, apiPath, filters, query, error }),
    );
  });
  return app;
}
