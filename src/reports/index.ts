/**
 * The reports: one definition each, in SQL, run inside the database. The CLI, the dashboard, the stored
 * `report_*` tables and the exports all call these functions.
 *
 * Parameters: parse CLI flags or an HTTP query with the schemas (strings accepted, '' means not given),
 * then pass the parsed values. Live functions compute; given a ReportRun from storedRunFor they read the
 * stored result of `perx report all` with the same filters instead.
 */
export {
  campaignParamsSchema,
  defaultSessionGap,
  defaultTimeZone,
  engagementParamsSchema,
  maxPageSize,
  parseLocalMoment,
  sessionParamsSchema,
  sessionSortKeys,
  sessionSorts,
  sessionTimelineParamsSchema,
  timeZoneParam,
  weekStarts,
  weeklyParamsSchema,
  type CampaignParams,
  type EngagementParams,
  type LocalMoment,
  type SessionParams,
  type SessionSort,
  type SessionTimelineParams,
  type WeekStart,
  type WeeklyParams,
} from './params.js';
export { reportPage, type ReportPage, type ReportPageRequest, type ReportStatement } from './report-page.js';
export {
  engagementColumns,
  engagementPeaksStatement,
  engagementMatrix,
  engagementMatrixColumns,
  engagementPeaks,
  type EngagementCell,
  type EngagementRow,
} from './engagement.js';
export { weeklyColumns, weeklyRedemptions, weeklyStatement, type WeeklyRow } from './weekly.js';
export {
  sessionColumns,
  sessionPage,
  sessionPageStatements,
  sessionRows,
  sessionTimeline,
  type SessionPage,
  type SessionRow,
  type SessionTimeline,
  type SessionTimelineRequest,
  type TimelinePage,
} from './sessions.js';
export {
  transactionColumns,
  transactionPage,
  transactionParamsSchema,
  type TransactionParams,
  type TransactionRow,
} from './transactions.js';
export { campaignColumns, campaignPerformance, campaignStatement, type CampaignRow } from './campaigns.js';
export { sessionTrend, type SessionTrendDay } from './session-trend.js';
export { sessionLengthBuckets, sessionLengths, type SessionLengthCount } from './session-lengths.js';
export {
  latestIngestRunId,
  latestReportRun,
  latestReportRuns,
  reportNames,
  type ReportName,
  type ReportRun,
} from './report-run.js';
export {
  computeAllReports,
  maxSessionJobs,
  defaultReportParams,
  storedRunFor,
  type ComputeAllOptions,
  type ReportParams,
} from './store.js';
