import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import {
  sessionPage,
  sessionParamsSchema,
  sessionTimeline,
  sessionTimelineParamsSchema,
  timeZoneParam,
  type ReportRun,
  type SessionPage,
  type SessionParams,
  type SessionTimeline,
  type TimelinePage,
} from '../../reports/index.js';
import { UsageError } from '../../errors.js';
import { parseQuery } from '../params/parse-query.js';
import type { LiveComputation } from '../live/live-computations.js';
import type { WebContext } from '../web-context.js';
import { runFor } from './live-run.js';
import { parseReportQuery } from './report-query.js';

export const sessionQueryNames = [
  'from',
  'to',
  'tz',
  'gap',
  'user',
  'campaign',
  'reward',
  'driven',
  'sort',
  'limit',
  'offset',
] as const;

/** A page of the listing holds this many sessions unless the request says otherwise. */
export const defaultSessionPageSize = 50;

/**
 * The ingest stores a user id as one token of the log line, so a value with white space or control
 * characters (`1' OR '1'='1`) can name no user: it is refused rather than run as a filter that can only
 * come back empty.
 */
export function checkUserToken(name: string, user: string | undefined): void {
  if (user !== undefined && /\s/.test(user)) {
    throw new UsageError(`${name}: a user id is a single token without spaces, got "${user}"`);
  }
}

export function parseSessionQuery(query: Record<string, string>, config: Config): SessionParams {
  const params = parseReportQuery(sessionParamsSchema, query, config);
  checkUserToken('user', params.user);
  return params;
}

/** The listing's parameters with its page size filled in: a page, never everything, goes on screen. */
export function paged(params: SessionParams): SessionParams & { limit: number } {
  return { ...params, limit: params.limit ?? defaultSessionPageSize };
}

export interface SessionsData extends SessionPage {
  params: SessionParams & { limit: number };
  run: ReportRun;
}

/** The sessions of this gap are being computed: how far along, instead of rows. */
export interface SessionsComputing {
  params: SessionParams & { limit: number };
  computing: LiveComputation;
}

/**
 * One page of sessions and the total matching, read from the stored sessions of the request's gap: those
 * of `perx report all`, or of an earlier request (computed once, then kept); or how far along their
 * computation is.
 */
export async function loadSessions(
  context: Pick<WebContext, 'database' | 'live'>,
  params: SessionParams,
): Promise<SessionsData | SessionsComputing> {
  const page = paged(params);
  const found = await runFor(context, 'sessions', page);
  if ('computing' in found) return { params: page, computing: found.computing };
  return { params: page, run: found.run, ...(await sessionPage(context.database, page, found.run)) };
}

export function describeSessionParams(params: SessionParams): Record<string, unknown> {
  return {
    tz: params.tz,
    from: params.from?.text ?? null,
    to: params.to?.text ?? null,
    gap: params.gap,
    user: params.user ?? null,
    campaign: params.campaign ?? null,
    reward: params.reward ?? null,
    driven: params.driven,
    sort: params.sort,
    limit: params.limit ?? null,
    offset: params.offset,
  };
}

export interface TimelineRequest {
  user: string;
  start: string;
  gap: number;
  /** The zone whose clock the timeline's instants are shown and written on. */
  tz: string;
}

const timelineZoneSchema = sessionTimelineParamsSchema.extend({ tz: timeZoneParam });

/** One session, named by its user and its first request's instant, as a list links to it. */
export function parseTimelineRequest(
  userId: string,
  sessionStart: string,
  query: Record<string, string>,
  config: Pick<Config, 'timeZone'>,
): TimelineRequest {
  const request = parseQuery(
    timelineZoneSchema,
    { user: userId, start: sessionStart, gap: query.gap, tz: query.tz || config.timeZone },
    { user: 'user_id', start: 'session_start' },
  );
  checkUserToken('user_id', request.user);
  return request;
}

export function loadTimeline(
  database: Database,
  request: TimelineRequest,
  page: TimelinePage = {},
): Promise<SessionTimeline | undefined> {
  return sessionTimeline(database, request, page);
}

/** A timeline's page holds this many requests unless the request says otherwise. */
export const defaultTimelinePageSize = 50;
