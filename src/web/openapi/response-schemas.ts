import { z } from 'zod';
import type {
  campaignColumns,
  engagementColumns,
  engagementMatrixColumns,
  sessionColumns,
  weeklyColumns,
} from '../../reports/index.js';
import { reportNames, sessionSorts, weekStarts } from '../../reports/index.js';
import type { timelineColumns } from '../routes/api/sessions.js';
import type { ingestRejectColumns } from '../status/ingest-status.js';
import { int64, withJsonSchema } from './json-schema.js';

/**
 * The bodies the API answers with, as zod schemas from which the OpenAPI document's components are
 * generated. Objects are strict (additionalProperties: false) wherever the shape is fixed, so a field
 * added to an answer and not here fails the test that checks every answer against the document.
 */
export const registry = z.registry<{ id: string; description?: string }>();

function named<Schema extends z.ZodType>(id: string, description: string, schema: Schema): Schema {
  registry.add(schema, { id, description });
  return schema;
}

type Shape<Columns extends readonly string[]> = Record<Columns[number], z.ZodType>;

const id = withJsonSchema(z.number(), { ...int64, description: 'an id; exact beyond 2^53 (a JSON number)' });
const count = z.number().int().min(0);
/** An instant in ISO 8601 with its offset (any year, microseconds kept), as every answer writes it. */
const instant = z
  .string()
  .regex(/^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/)
  .describe(
    'an instant, ISO 8601 on the clock of the request’s zone with its offset (Z in UTC; seconds in the offset only for local mean time before standard time)',
  );
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('a local date in tz');
const localMoment = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/)
  .describe('a wall-clock date or date and time in tz, as given');

export const errorBody = named(
  'Error',
  'A request the server did not answer as asked: what was wrong, in words.',
  z.strictObject({ error: z.string() }),
);

export const reportSource = named(
  'ReportSource',
  'Where the rows came from: a stored run (of perx report all, or computed for an earlier request), or computed for this one.',
  z.strictObject({
    stored: z.boolean(),
    report_run_id: z.number().int().nullable(),
    computed_at: instant.nullable(),
    kind: z.enum(['all', 'live']).nullable(),
  }),
);

export const computing = named(
  'Computing',
  'The sessions of this gap are being computed; ask again after Retry-After seconds.',
  z.strictObject({
    status: z.literal('computing'),
    gap: z.number().int(),
    started_at: instant,
    progress: z.strictObject({ done: count, total: count }).nullable(),
  }),
);

const page = { total: count, limit: z.number().int().min(1), offset: count };

/** The one envelope of every listing: what was asked, where the rows came from, and one page of them. */
function listing<Params extends z.ZodType, Row extends z.ZodType, Source extends z.ZodType>(
  name: string,
  params: Params,
  source: Source,
  row: Row,
) {
  return named(
    `${name}List`,
    `One page of ${name} rows, the total matching, and the parameters as understood.`,
    z.strictObject({ params, source, ...page, rows: z.array(row) }),
  );
}

const rangeEcho = { tz: z.string(), from: localMoment.nullable(), to: localMoment.nullable() };
const pageEcho = { limit: z.number().int().min(1), offset: count };

export const engagementRow = named(
  'EngagementRow',
  'A campaign’s busiest local date and hour (ties kept).',
  z.strictObject({
    campaign_id: id,
    campaign_name: z.string(),
    no_of_transactions: count,
    date: localDate,
    time: z.string().regex(/^\d{2}:00$/),
  } satisfies Shape<typeof engagementColumns>),
);
export const engagementCell = named(
  'EngagementCell',
  'Transactions in one local hour of one local date.',
  z.strictObject({
    date: localDate,
    hour: z.number().int().min(0).max(23),
    no_of_transactions: count,
  } satisfies Shape<typeof engagementMatrixColumns>),
);
const engagementParams = named(
  'EngagementParams',
  'The engagement parameters as understood.',
  z.strictObject({ ...rangeEcho, campaign: id.nullable(), ...pageEcho }),
);
export const engagementList = listing('Engagement', engagementParams, reportSource, engagementRow);
export const engagementMatrixList = listing('EngagementCell', engagementParams, reportSource, engagementCell);

export const weeklyRow = named(
  'WeeklyRow',
  'Redemptions of one reward in one local week, and the change on the week before.',
  z.strictObject({
    reward_campaign_id: id,
    reward_name: z.string(),
    week: localDate,
    reward_redeemed_count: count,
    percentage_difference: z.number().nullable(),
  } satisfies Shape<typeof weeklyColumns>),
);
export const weeklyList = listing(
  'Weekly',
  named(
    'WeeklyParams',
    'The weekly parameters as understood.',
    z.strictObject({ ...rangeEcho, week_start: z.enum(weekStarts), ...pageEcho }),
  ),
  reportSource,
  weeklyRow,
);

export const sessionRow = named(
  'SessionRow',
  'One session of one user: its first and last request, the campaigns viewed, the rewards issued and driven.',
  z.strictObject({
    user_id: z.string(),
    session_start: instant,
    session_end: instant,
    campaigns: z.array(id),
    rewards_issued: z.array(id),
    reward_driven_by_campaign_view: z.boolean(),
    driven_rewards: z.array(id),
  } satisfies Shape<typeof sessionColumns>),
);
export const sessionList = listing(
  'Session',
  named(
    'SessionParams',
    'The session parameters as understood.',
    z.strictObject({
      ...rangeEcho,
      gap: z.number().int(),
      user: z.string().nullable(),
      campaign: id.nullable(),
      reward: id.nullable(),
      driven: z.boolean(),
      sort: z.enum(sessionSorts),
      ...pageEcho,
    }),
  ),
  reportSource,
  sessionRow,
);

export const timelineRequest = named(
  'TimelineRequest',
  'One request of a session, in order: a campaign view, a reward issue (and the views that drove it), or other.',
  z.strictObject({
    seq: z.number().int().min(1),
    requested_at: instant,
    http_method: z.string(),
    http_path: z.string(),
    kind: z.enum(['view', 'issue', 'other']),
    campaign_id: id.nullable(),
    reward_id: id.nullable(),
    driven_by: z.array(id),
    driving_view_seq: z.number().int().nullable(),
    drove: z.boolean(),
  } satisfies Shape<typeof timelineColumns>),
);
export const timeline = named(
  'SessionTimeline',
  'One session and a page of its requests: the listing envelope with the session it lists.',
  z.strictObject({
    params: z.strictObject({
      user_id: z.string(),
      session_start: instant,
      gap: z.number().int(),
      tz: z.string(),
      ...pageEcho,
    }),
    source: reportSource,
    session: sessionRow,
    ...page,
    rows: z.array(timelineRequest),
  }),
);

export const campaignRow = named(
  'CampaignRow',
  'One campaign’s views against the sessions and issues they drove.',
  z.strictObject({
    campaign_id: id,
    views: count,
    unique_viewers: count,
    sessions_with_view: count,
    driven_issues: count,
    driven_sessions: count,
    conversion: z.number().min(0).max(1),
  } satisfies Shape<typeof campaignColumns>),
);
export const campaignList = listing(
  'Campaign',
  named(
    'CampaignParams',
    'The campaign parameters as understood.',
    z.strictObject({ ...rangeEcho, gap: z.number().int(), ...pageEcho }),
  ),
  reportSource,
  campaignRow,
);

export const rejectRow = named(
  'RejectRow',
  'A line the last ingest rejected: its file, line, reason and text.',
  z.strictObject({
    file: z.string(),
    line_number: z.number().int().min(1),
    reason: z.string(),
    raw: z.string(),
  } satisfies Shape<typeof ingestRejectColumns>),
);
export const rejectList = listing(
  'Reject',
  z.strictObject(pageEcho),
  named(
    'IngestSource',
    'The ingest whose rejected lines these are; null before any ingest.',
    z.strictObject({ ingest_run_id: z.number().int().nullable() }),
  ),
  rejectRow,
);

const ingestFile = z.strictObject({
  file: z.string(),
  lines: count,
  loaded: count,
  rejected: count,
  duplicates: count,
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const reportRun = z.strictObject({
  id: z.number().int(),
  report: z.enum(reportNames),
  kind: z.enum(['all', 'live']),
  params: z.record(z.string(), z.unknown()).describe('the parameters it was computed with, by URL name'),
  ingest_run_id: z.number().int().nullable(),
  computed_at: instant,
  row_count: count,
  duration_ms: count,
  result_run_id: z.number().int(),
  computation: z.record(z.string(), z.unknown()).nullable(),
  current: z.boolean().describe('computed from the latest ingest that succeeded'),
});

export const status = named(
  'Status',
  'The engine, the last ingest, the stored report runs, row counts and the engine’s time zone rules.',
  z.strictObject({
    engine: z.string(),
    last_ingest_run: z
      .strictObject({
        id: z.number().int(),
        source: z.string(),
        started_at: instant,
        finished_at: instant.nullable(),
        outcome: z.enum(['running', 'succeeded', 'failed', 'abandoned']),
        error: z.string().nullable(),
        files: z.array(ingestFile),
        rejected_lines: count,
        data_loaded_at: instant.nullable(),
        rejects: z.array(
          z.strictObject({
            file: z.string(),
            line_number: z.number().int(),
            raw: z.string(),
            reason: z.string(),
          }),
        ),
      })
      .nullable(),
    report_runs: z.strictObject(
      Object.fromEntries(reportNames.map((report) => [report, reportRun.optional()])) as Record<
        (typeof reportNames)[number],
        z.ZodOptional<typeof reportRun>
      >,
    ),
    row_counts: z.strictObject({
      campaign: count,
      reward_campaign: count,
      reward_transaction: count,
      campaign_reward_mapping: count,
      http_log: count,
    }),
    tz_database: z.strictObject({
      source: z.string(),
      reference: z.string(),
      zone: z.string(),
      checked: z.strictObject({ from: z.string(), to: z.string() }),
      first_difference: z
        .strictObject({ at: z.string(), engine_offset: z.string(), node_offset: z.string() })
        .nullable(),
    }),
  }),
);

export const health = named(
  'Health',
  'The server is alive; the database answered (ok) or is in the middle of a long statement (busy).',
  z.strictObject({
    status: z.literal('ok'),
    engine: z.enum(['pglite', 'postgres']),
    database: z.enum(['ok', 'busy']),
  }),
);
export const unavailable = named(
  'Unavailable',
  'The database did not answer; the reason is in the server log.',
  z.strictObject({ status: z.literal('unavailable') }),
);
