import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import { sessionColumns, sessionRows, type SessionTimelineRequest } from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { runForDownload } from '../../report-data/live-run.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import {
  describeSessionParams,
  loadSessions,
  loadTimeline,
  parseSessionQuery,
  parseTimelineRequest,
  sessionQueryNames,
  timelineQueryNames,
} from '../../report-data/sessions-data.js';
import type { WebContext } from '../../web-context.js';
import { apiQuery } from './api-query.js';
import { exactJson } from './exact-json.js';
import { computingResponse } from './computing-response.js';

/** The timeline's columns in a download: one request per row, in session order. */
const timelineColumns = [
  'seq',
  'requested_at',
  'http_method',
  'http_path',
  'kind',
  'campaign_id',
  'reward_id',
  'driven_by',
  'driving_view_seq',
  'drove',
] as const satisfies readonly (keyof SessionTimelineRequest)[];

/**
 * GET /api/sessions: one page of sessions (50 unless limit says otherwise, at most 1000) with the total
 * matching. A download (format=...) holds every matching session unless limit is given.
 * GET /api/sessions/:user_id/:session_start: one session's requests in order, or with format=... as a
 * file of one request per row.
 */
export function sessionsApi(context: WebContext): Hono {
  const { database, config, activity } = context;
  const app = new Hono();
  app.get('/api/sessions', async (c) => {
    const { query, format } = apiQuery(c, sessionQueryNames);
    const params = parseSessionQuery(query, config);
    if (format) {
      const run = await runForDownload(context, 'sessions', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'sessions',
          rows: sessionRows(database, params, run),
          columns: sessionColumns,
          format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const data = await loadSessions(context, params);
    if ('computing' in data) return computingResponse(c, data.computing);
    return exactJson(
      c,
      {
        params: describeSessionParams(data.params),
        source: reportSource(data.run),
        total: data.total,
        limit: data.params.limit,
        offset: data.params.offset,
        rows: data.rows.map((row) => pickColumns(row, sessionColumns, params.tz)),
      },
      200,
      reportSourceHeader(data.run),
    );
  });
  app.get('/api/sessions/:user_id/:session_start', async (c) => {
    const { query, format } = apiQuery(c, timelineQueryNames);
    const request = parseTimelineRequest(c.req.param('user_id'), c.req.param('session_start'), query, config);
    const timeline = await loadTimeline(database, request);
    if (!timeline) {
      return c.json(
        { error: `user ${request.user} has no session starting at ${request.start} (gap ${request.gap} s)` },
        404,
      );
    }
    if (format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'session-timeline',
          rows: Readable.from(timeline.requests) as AsyncIterable<SessionTimelineRequest>,
          columns: timelineColumns,
          format,
          timeZone: request.tz,
        },
      );
    }
    return exactJson(c, {
      session: pickColumns(timeline.session, sessionColumns, request.tz),
      requests: timeline.requests.map((step) => pickColumns(step, timelineColumns, request.tz)),
    });
  });
  return app;
}
