import type { Database } from '../db/database.js';
import { reportSql } from './named-sql.js';
import type { SessionParams, SessionTimelineParams } from './params.js';
import type { ReportRun } from './report-run.js';
import { queryReportSql, streamReportSql } from './run-sql.js';

/** One HTTP session of one user. */
export interface SessionRow {
  user_id: string;
  /** The session's first request. */
  session_start: Date;
  /** The session's last request. */
  session_end: Date;
  /** Viewed campaign ids in request order, repeats kept. */
  campaigns: number[];
  /** Issued reward ids in request order, repeats kept. */
  rewards_issued: number[];
  reward_driven_by_campaign_view: boolean;
  /** The driven issues' reward ids in request order, repeats kept. */
  driven_rewards: number[];
}

export const sessionColumns = [
  'user_id',
  'session_start',
  'session_end',
  'campaigns',
  'rewards_issued',
  'reward_driven_by_campaign_view',
  'driven_rewards',
] as const satisfies readonly (keyof SessionRow)[];

export interface SessionPage {
  rows: SessionRow[];
  /** Sessions matching the filters, whatever the limit and offset. */
  total: number;
}

/** One request of a session's timeline. */
export interface SessionTimelineRequest {
  /** Position in the session, from 1. */
  seq: number;
  requested_at: Date;
  http_method: string;
  http_path: string;
  kind: 'view' | 'issue' | 'other';
  /** The viewed campaign, for a view. */
  campaign_id: number | null;
  /** The issued reward, for an issue. */
  reward_id: number | null;
  /** For an issue: the campaigns whose view drove it, in order of their first view; empty otherwise. */
  driven_by: number[];
  /** For a driven issue: the seq of the earliest view that drove it (it may follow in the same second). */
  driving_view_seq: number | null;
  /** For a view: whether a reward of its campaign was issued at or after it in the session. */
  drove: boolean;
}

export interface SessionTimeline {
  session: SessionRow;
  /** The requests of the page asked for; all of them without a limit. */
  requests: SessionTimelineRequest[];
  /** The session's requests, whatever the page. */
  requestCount: number;
}

/** A page of a timeline: requests from seq offset + 1 on, at most limit of them. */
export interface TimelinePage {
  limit?: number | undefined;
  offset?: number | undefined;
}

interface SessionFilters {
  /** Picks the one session starting within this millisecond (ISO 8601 instant). */
  sessionStartAt?: string;
  /** Everything, unpaged, whatever params.limit says (a count). */
  unpaged?: boolean;
}

/** The named values sessions.sql takes. */
export function sessionValues(params: SessionParams, filters: SessionFilters = {}): Record<string, unknown> {
  return {
    tz: params.tz,
    gap_seconds: params.gap,
    from_local: params.from?.start ?? null,
    to_local_end: params.to?.end ?? null,
    user_id: params.user ?? null,
    campaign_id: params.campaign ?? null,
    reward_id: params.reward ?? null,
    session_start_at: filters.sessionStartAt ?? null,
    driven_only: params.driven,
    sort: params.sort,
    limit: filters.unpaged ? null : (params.limit ?? null),
    offset: filters.unpaged ? 0 : params.offset,
  };
}

export function storedSessionValues(
  run: ReportRun,
  params: SessionParams,
  filters: SessionFilters = {},
): Record<string, unknown> {
  // The stored rows were sessionized with the run's gap already.
  const values = sessionValues(params, filters);
  delete values.gap_seconds;
  return { ...values, report_run_id: run.result_run_id };
}

/**
 * Sessions matching the filters, sorted and paged as asked; all of them when no limit is given. Given a
 * stored run with the same gap, reads its rows instead of computing.
 */
export function sessionRows(
  database: Database,
  params: SessionParams,
  run?: ReportRun,
): AsyncIterable<SessionRow> {
  return run
    ? streamReportSql<SessionRow>(database, 'stored-sessions.sql', storedSessionValues(run, params))
    : streamReportSql<SessionRow>(database, 'sessions.sql', sessionValues(params));
}

/** A statement with its positional values bound. */
export interface BoundStatement {
  text: string;
  values: unknown[];
}

/** Whether the listing keeps every session: then a stored run's row count is the total. */
function unfiltered(params: SessionParams): boolean {
  return params.campaign === undefined && !params.driven && onlyCampaignFilter(params);
}

/** Whether a campaign, or driven sessions, are all the listing filters on. */
function onlyCampaignFilter(params: SessionParams): boolean {
  return (
    params.user === undefined &&
    params.from === undefined &&
    params.to === undefined &&
    params.reward === undefined
  );
}

/**
 * The statements behind one page of sessions: the page, and, when the page alone cannot tell the total,
 * the count. From a stored run, the count is the run's row count when nothing is filtered (kept with the
 * run, so no statement); for a campaign alone (driven or not), the campaign totals computed from the run
 * (`stored`, when there are some); otherwise stored-session-count.sql, which counts the matches without
 * sorting them. Computed sessions are counted from the listing itself.
 */
export async function sessionPageStatements(
  database: Database,
  params: SessionParams,
  run?: ReportRun,
): Promise<{ page: BoundStatement; stored: BoundStatement | undefined; count: BoundStatement | undefined }> {
  const sql = await reportSql(run ? 'stored-sessions.sql' : 'sessions.sql', database);
  const page = {
    text: sql.text,
    values: sql.bind(run ? storedSessionValues(run, params) : sessionValues(params)),
  };
  if (run && unfiltered(params)) return { page, stored: undefined, count: undefined };
  if (run) {
    const count = await reportSql('stored-session-count.sql', database);
    // The count takes the listing's filters, without its order and paging.
    const filters = storedSessionValues(run, params, { unpaged: true });
    delete filters.sort;
    delete filters.limit;
    delete filters.offset;
    let stored: BoundStatement | undefined;
    if (params.campaign !== undefined && onlyCampaignFilter(params)) {
      const campaignCount = await reportSql('stored-campaign-session-count.sql', database);
      stored = {
        text: campaignCount.text,
        values: campaignCount.bind({
          sessions_run_id: run.id,
          campaign_id: params.campaign,
          driven_only: params.driven,
        }),
      };
    }
    return { page, stored, count: { text: count.text, values: count.bind(filters) } };
  }
  return {
    page,
    stored: undefined,
    count: {
      text: `SELECT count(*) AS total FROM (\n${sql.text}\n) AS listed`,
      values: sql.bind(sessionValues(params, { unpaged: true })),
    },
  };
}

/** One page of sessions and the number of sessions matching the filters. */
export async function sessionPage(
  database: Database,
  params: SessionParams,
  run?: ReportRun,
): Promise<SessionPage> {
  const statements = await sessionPageStatements(database, params, run);
  const rows = run
    ? await database.transaction(async (tx) => {
        // A stored page is read in order from an index (013-freshness-and-listing-indexes.sql), in a
        // millisecond or two; parallel workers, which the planner picks where a sort key has few values,
        // would add their start-up to every page while the dashboard serves many at once.
        await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
        return tx.query<SessionRow>(statements.page.text, statements.page.values);
      })
    : await database.query<SessionRow>(statements.page.text, statements.page.values);
  // A page shorter than the limit, or than everything, already tells how many there are.
  if (rows.length > 0 && (params.limit === undefined || rows.length < params.limit)) {
    return { rows, total: params.offset + rows.length };
  }
  if (!statements.count) return { rows, total: run?.row_count ?? 0 };
  if (statements.stored) {
    const [kept] = await database.query<{ total: number }>(statements.stored.text, statements.stored.values);
    if (kept) return { rows, total: kept.total };
  }
  const [counted] = await database.query<{ total: number }>(statements.count.text, statements.count.values);
  return { rows, total: counted?.total ?? 0 };
}

/**
 * One session's requests in order, marking views, issues and which view drove which issue; undefined
 * when the user has no session starting at that instant (to the millisecond) with that gap.
 */
export async function sessionTimeline(
  database: Database,
  params: SessionTimelineParams,
  page: TimelinePage = {},
): Promise<SessionTimeline | undefined> {
  const sessionStartAt = params.start;
  const [session] = await queryReportSql<SessionRow>(
    database,
    'sessions.sql',
    sessionValues(
      { tz: 'UTC', gap: params.gap, user: params.user, driven: false, sort: 'session_start', offset: 0 },
      { sessionStartAt },
    ),
  );
  if (!session) return undefined;
  const sql = await reportSql('session-timeline.sql', database);
  const values = (limit: number | null, offset: number) => ({
    gap_seconds: params.gap,
    user_id: params.user,
    session_start_at: sessionStartAt,
    limit,
    offset,
  });
  const offset = page.offset ?? 0;
  const requests = await database.query<SessionTimelineRequest>(
    sql.text,
    sql.bind(values(page.limit ?? null, offset)),
  );
  if (page.limit === undefined || (requests.length > 0 && requests.length < page.limit)) {
    return { session, requests, requestCount: offset + requests.length };
  }
  const [counted] = await database.query<{ total: number }>(
    `SELECT count(*) AS total FROM (\n${sql.text}\n) AS listed`,
    sql.bind(values(null, 0)),
  );
  return { session, requests, requestCount: counted?.total ?? 0 };
}
