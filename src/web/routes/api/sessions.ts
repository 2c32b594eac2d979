import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { pickColumns } from '../../../output/index.js';
import {
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  sessionTimelineParamsSchema,
  timeZoneParam,
  type SessionTimelineRequest,
} from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { defaultPageSize, listingParamsSchema, pageOf, windowOf } from '../../params/listing-params.js';
import { runForDownload } from '../../report-data/live-run.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import {
  checkUserToken,
  describeSessionParams,
  loadSessions,
  loadTimeline,
  parseTimelineRequest,
} from '../../report-data/sessions-data.js';
import type { WebContext } from '../../web-context.js';
import { computingResponse } from './computing-response.js';
import { exactJson } from './exact-json.js';

/** The timeline's columns in a download: one request per row, in session order. */
export const timelineColumns = [
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

export const sessionsQuery = apiQuerySpec({ report: sessionParamsSchema, api: listingParamsSchema });

/** The timeline's path names its session (user_id, session_start); the query takes the gap, the zone and a page. */
export const timelineQuery = apiQuerySpec({
  report: z.object({ tz: timeZoneParam }),
  api: z.object({ gap: sessionTimelineParamsSchema.shape.gap, ...listingParamsSchema.shape }),
});

/**
 * GET /api/sessions: one page of sessions (50 unless limit says otherwise, at most 1000) with the total
 * matching. A download (format=csv|ndjson) holds every matching session unless limit is given.
 * GET /api/sessions/:user_id/:session_start: one session's requests in order, a page of them, or with
 * format=... a file of one request per row.
 */
export function sessionsApi(context: WebContext): Hono {
  const { database, config, activity } = context;
  const app = new Hono();
  app.get('/api/sessions', async (c) => {
    const { report, api } = parseApiQuery(c, sessionsQuery, config);
    checkUserToken('user', report.user);
    const params = { ...report, limit: api.limit, offset: api.offset };
    if (api.format) {
      const run = await runForDownload(context, 'sessions', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'sessions',
          rows: sessionRows(database, params, run),
          columns: sessionColumns,
          format: api.format,
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
    const { report, api } = parseApiQuery(c, timelineQuery, config);
    const request = parseTimelineRequest(
      c.req.param('user_id'),
      c.req.param('session_start'),
      { gap: String(api.gap), tz: report.tz },
      config,
    );
    const timeline = await loadTimeline(database, request);
    if (!timeline) {
      return c.json(
        { error: `user ${request.user} has no session starting at ${request.start} (gap ${request.gap} s)` },
        404,
      );
    }
    if (api.format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'session-timeline',
          rows: windowOf(Readable.from(timeline.requests) as AsyncIterable<SessionTimelineRequest>, api),
          columns: timelineColumns,
          format: api.format,
          timeZone: request.tz,
        },
      );
    }
    const session = pickColumns(timeline.session, sessionColumns, request.tz);
    const page = pageOf(timeline.requests, api);
    return exactJson(c, {
      params: {
        user_id: request.user,
        session_start: session.session_start,
        gap: request.gap,
        tz: request.tz,
        limit: api.limit ?? defaultPageSize,
        offset: api.offset,
      },
      source: reportSource(undefined),
      session,
      ...page,
      rows: page.rows.map((row) => pickColumns(row, timelineColumns, request.tz)),
    });
  });
  return app;
}
