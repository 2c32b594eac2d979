import { campaignsQuery } from '../routes/api/campaigns.js';
import { engagementQuery } from '../routes/api/engagement.js';
import { rejectsQuery } from '../routes/api/rejects.js';
import { sessionsQuery, timelineQuery } from '../routes/api/sessions.js';
import { statusQuery } from '../routes/api/status.js';
import { weeklyQuery } from '../routes/api/weekly.js';
import type { ApiQuerySpec } from '../params/api-query.js';

/** The parts of one GET operation the document describes. */
export interface Operation {
  path: string;
  summary: string;
  description: string;
  query: ApiQuerySpec;
  /** The component of its 200 JSON answer. */
  answer: string;
  /** The component of one row, for an operation that downloads (format=csv|ndjson). */
  downloadRow?: string;
  /** It may answer 202 while the sessions of its gap are computed. */
  computes?: boolean;
  /** It may answer 404 (the thing its path names does not exist). */
  notFound?: string;
}

export const operations: readonly Operation[] = [
  {
    path: '/api/engagement',
    summary: 'Peak engagement hours',
    description:
      'Per campaign, the local date and hour with the most reward transactions in the range, ties kept; ordered by count descending, then campaign, date, hour.',
    query: engagementQuery,
    answer: 'EngagementList',
    downloadRow: 'EngagementRow',
  },
  {
    path: '/api/engagement/matrix',
    summary: 'Transactions per local date and hour',
    description:
      'Every hour of every local date from the first to the last date with a transaction in the range, zeros included, for one campaign or all together (the dashboard’s heatmap).',
    query: engagementQuery,
    answer: 'EngagementCellList',
    downloadRow: 'EngagementCell',
  },
  {
    path: '/api/weekly',
    summary: 'Weekly reward redemptions',
    description:
      'Redeemed transactions per reward and local calendar week, with the percent change on the week before (null when that week had none or is the reward’s first).',
    query: weeklyQuery,
    answer: 'WeeklyList',
    downloadRow: 'WeeklyRow',
  },
  {
    path: '/api/sessions',
    summary: 'Sessions from the HTTP log',
    description:
      'Per user session (a gap of `gap` seconds or more starts a new one): the campaigns viewed, the rewards issued, and which rewards a campaign view drove.',
    query: sessionsQuery,
    answer: 'SessionList',
    downloadRow: 'SessionRow',
    computes: true,
  },
  {
    path: '/api/sessions/{user_id}/{session_start}',
    summary: 'One session’s requests',
    description:
      'The session that starts at session_start (to the millisecond) for the user, and a page of its requests in order: which view drove which reward.',
    query: timelineQuery,
    answer: 'SessionTimeline',
    downloadRow: 'TimelineRequest',
    notFound: 'The user has no session starting at that instant for this gap.',
  },
  {
    path: '/api/campaigns',
    summary: 'Campaign performance',
    description:
      'Per campaign viewed in the sessions starting in the range: views, unique viewers, sessions with a view, driven issues and sessions, and conversion (driven sessions ÷ sessions with a view).',
    query: campaignsQuery,
    answer: 'CampaignList',
    downloadRow: 'CampaignRow',
    computes: true,
  },
  {
    path: '/api/rejects',
    summary: 'Lines the last ingest rejected',
    description: 'Every rejected line of the last ingest with its file, line number, reason and text.',
    query: rejectsQuery,
    answer: 'RejectList',
    downloadRow: 'RejectRow',
  },
  {
    path: '/api/status',
    summary: 'Engine, last ingest, report runs, row counts',
    description:
      'The engine in words, the last ingest with per-file counts and its first rejected lines, the newest stored run of each report (current when computed from the latest successful ingest), row counts, and the engine’s time zone rules for the reporting zone.',
    query: statusQuery,
    answer: 'Status',
  },
];
