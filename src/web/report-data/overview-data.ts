import type { Config } from '../../config/config.js';
import { describeEngine, type Database } from '../../db/database.js';
import {
  latestIngestRunId,
  latestReportRuns,
  sessionPage,
  sessionParamsSchema,
  sessionTrend,
  type SessionTrendDay,
  type ReportName,
  type ReportRun,
  type WeeklyRow,
} from '../../reports/index.js';
import { readIngestStatus, type IngestStatus } from '../status/ingest-status.js';
import { readDataPeriod, type DataPeriod } from '../status/data-period.js';
import type { LiveComputation } from '../live/live-computations.js';
import type { WebContext } from '../web-context.js';
import { runFor } from './live-run.js';
import { loadWeekly, parseWeeklyQuery } from './weekly-data.js';

export interface WeekTotal {
  /** The week's first day, YYYY-MM-DD. */
  week: string;
  redeemed: number;
}

export interface Headlines {
  sessions: number;
  drivenSessions: number;
  /** drivenSessions / sessions; null without sessions. */
  drivenShare: number | null;
  /** The latest week in the weekly report, and the calendar week before it. */
  latestWeek: WeekTotal | null;
  previousWeek: WeekTotal | null;
  /** Percent change from the previous week, 2 places, as the weekly report defines it per reward. */
  weekChange: number | null;
  timeZone: string;
}

export interface OverviewData {
  /** The engine, in words: PGlite, PostgreSQL, or Citus with N workers. */
  engine: string;
  ingest: IngestStatus;
  reportRuns: Partial<Record<ReportName, ReportRun>>;
  /** The ingest the stored reports should have been computed from; a different one means they are stale. */
  latestIngestRunId: number | null;
  /** The dates the data covers, in the configured zone; null before any ingest. */
  dataPeriod: DataPeriod | null;
  headlines: Headlines;
  /** Sessions, views, issues and driven sessions per local day, or the computation under way. */
  trend: { run: ReportRun; days: SessionTrendDay[] } | { computing: LiveComputation };
}

/** How many rejected lines the overview lists; the API's status can ask for more. */
export const overviewRejectLimit = 100;

function weekBefore(week: string): string {
  const day = new Date(`${week}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 7);
  return day.toISOString().slice(0, 10);
}

/**
 * This week's redemptions against last week's, over all rewards: "this week" is the latest week the
 * weekly report has, and last week the calendar week before it (0 when no reward had a row for it).
 */
export function weekOverWeek(
  rows: readonly WeeklyRow[],
): Pick<Headlines, 'latestWeek' | 'previousWeek' | 'weekChange'> {
  if (rows.length === 0) return { latestWeek: null, previousWeek: null, weekChange: null };
  const latest = rows.reduce((max, row) => (row.week > max ? row.week : max), rows[0]?.week ?? '');
  const previous = weekBefore(latest);
  const redeemedIn = (week: string) =>
    rows.filter((row) => row.week === week).reduce((sum, row) => sum + row.reward_redeemed_count, 0);
  const latestWeek = { week: latest, redeemed: redeemedIn(latest) };
  const previousWeek = { week: previous, redeemed: redeemedIn(previous) };
  const change = ((latestWeek.redeemed - previousWeek.redeemed) * 100) / previousWeek.redeemed;
  // Rounded half away from zero to 2 places, as PostgreSQL's round() does in the weekly report.
  const weekChange =
    previousWeek.redeemed === 0 ? null : (Math.sign(change) * Math.round(Math.abs(change) * 100)) / 100;
  return { latestWeek, previousWeek, weekChange };
}

async function sessionCount(
  database: Database,
  config: Config,
  driven: boolean,
  run: ReportRun | undefined,
): Promise<number> {
  const params = sessionParamsSchema.parse({ tz: config.timeZone, driven: String(driven), limit: '1' });
  return (await sessionPage(database, params, run)).total;
}

/**
 * The sessions of the default gap per local day: from the stored run of `perx report all`, or the live
 * run the Sessions page computes once per gap; while that is being computed, how far along it is.
 */
async function loadTrend(context: WebContext): Promise<OverviewData['trend']> {
  const params = sessionParamsSchema.parse({ tz: context.config.timeZone });
  const found = await runFor(context, 'sessions', params);
  if ('computing' in found) return { computing: found.computing };
  return { run: found.run, days: await sessionTrend(context.database, found.run, params.tz) };
}

export async function loadOverview(context: WebContext): Promise<OverviewData> {
  const { database, config } = context;
  const ingest = await readIngestStatus(database, overviewRejectLimit);
  const reportRuns = await latestReportRuns(database);
  const trend = await loadTrend(context);
  const run = 'run' in trend ? trend.run : undefined;
  const sessions = await sessionCount(database, config, false, run);
  const drivenSessions = await sessionCount(database, config, true, run);
  const weekly = await loadWeekly(database, parseWeeklyQuery({}, config));
  const dataIngestRunId = await latestIngestRunId(database);
  return {
    engine: describeEngine(database),
    ingest,
    reportRuns,
    latestIngestRunId: dataIngestRunId,
    dataPeriod:
      dataIngestRunId === null ? null : await readDataPeriod(database, dataIngestRunId, config.timeZone),
    trend,
    headlines: {
      sessions,
      drivenSessions,
      drivenShare: sessions === 0 ? null : drivenSessions / sessions,
      ...weekOverWeek(weekly.rows),
      timeZone: weekly.params.tz,
    },
  };
}
