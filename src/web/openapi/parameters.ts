import { z } from 'zod';
import {
  engagementParamsSchema,
  sessionTimelineParamsSchema,
  weeklyParamsSchema,
} from '../../reports/params.js';
import { queryParameters, type ApiQuerySpec } from '../params/api-query.js';
import { defaultPageSize } from '../params/listing-params.js';
import { int64, overrideFixed, withJsonSchema, type JsonSchema } from './json-schema.js';

// Schemas that read text through a transform: their JSON Schema says what text they take.
withJsonSchema(engagementParamsSchema.shape.tz, { type: 'string', examples: ['Asia/Singapore', 'UTC'] });
withJsonSchema(engagementParamsSchema.shape.campaign, int64);
withJsonSchema(engagementParamsSchema.shape.from, {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?)?$',
  examples: ['2019-08-12', '2019-08-12T19:00'],
});
withJsonSchema(weeklyParamsSchema.shape.from, {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  examples: ['2019-08-12'],
});
withJsonSchema(sessionTimelineParamsSchema.shape.start, {
  type: 'string',
  examples: ['2019-08-26T10:00:00.000Z'],
});

/** What each parameter means, by its URL name; `perOperation` words it for one operation's path. */
const descriptions: Readonly<Record<string, string>> = {
  tz: 'The reporting time zone, an IANA name (an offset such as +08:00 is refused). Default: the server’s PERX_TZ.',
  from: 'Start of the range on the wall clock of tz: YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, no offset; included.',
  to: 'End of the range on the wall clock of tz, included through the end of the unit it names (a date: the whole day).',
  campaign: 'One campaign id (any value of a bigint).',
  reward:
    'One reward id (any value of a bigint): the sessions that issued it; with driven, those where a campaign view drove an issue of it.',
  week_start: 'The day weeks start on.',
  gap: 'Seconds of inactivity that start a new session (300 splits, 299 does not).',
  user: 'One user id: a token without white space.',
  driven: 'Only sessions with a reward driven by a campaign view (true/false, 1/0).',
  sort: 'The column to order by, `-` in front for descending; ties by user_id then session_start. Array columns order by length.',
  limit: `Rows in one page of the JSON answer: ${defaultPageSize} when not given. A download holds every matching row unless limit is given.`,
  offset: 'Rows to skip before the page (or the download) starts.',
  format:
    'Download every matching row as a file instead of one page of JSON: csv (RFC 4180, a header row) or ndjson (one JSON object per line). format=json is refused: the JSON answer is the page.',
  rejects: 'How many rejected lines of the last ingest to list; their total is always given.',
  user_id: 'The session’s user id, percent-encoded.',
  session_start:
    'The instant of the session’s first request, ISO 8601 with Z or an offset, as session_start is written.',
};

const perOperation: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '/api/weekly': {
    from: 'First date (YYYY-MM-DD in tz): the weeks overlapping the range are shown; counts and changes always compare whole weeks.',
    to: 'Last date (YYYY-MM-DD in tz), included.',
  },
  '/api/sessions': {
    campaign:
      'Only sessions with a view of this campaign; with driven=true, only those where its view drove a reward issue.',
    driven:
      'Only sessions with a reward driven by a campaign view (true/false, 1/0); with campaign, driven by that campaign.',
    from: 'Sessions starting at or after this wall-clock moment in tz: YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, no offset.',
    to: 'Sessions starting before the end of this wall-clock moment in tz (a date: the whole day).',
  },
  '/api/engagement/matrix': {
    campaign: 'One campaign id; all campaigns together when not given.',
  },
};

export function parameterDescription(path: string, name: string): string | undefined {
  return perOperation[path]?.[name] ?? descriptions[name];
}

/** A parameter's JSON Schema: what it takes as input, with the default its parsed value gets. */
export function parameterSchema(schema: z.ZodType): JsonSchema {
  const convert = (io: 'input' | 'output') =>
    z.toJSONSchema(schema, { io, unrepresentable: 'any', override: overrideFixed }) as JsonSchema;
  const input = convert('input');
  delete input.$schema;
  const output = convert('output');
  if (input.default === undefined && output.default !== undefined) input.default = output.default;
  return input;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  schema: JsonSchema;
}

/** The OpenAPI parameters of one operation's query, generated from the schemas its route parses with. */
export function queryParameterObjects(
  path: string,
  spec: ApiQuerySpec,
  defaults: Readonly<Record<string, unknown>>,
): ParameterObject[] {
  return queryParameters(spec).map(({ name, schema }) => {
    const json = parameterSchema(schema);
    if (defaults[name] !== undefined) json.default = defaults[name];
    return {
      name,
      in: 'query',
      required: false,
      description: parameterDescription(path, name) ?? '',
      schema: json,
    };
  });
}

/** The path parameters of a session's timeline, from the schema parseTimelineRequest checks them with. */
export function timelinePathParameters(path: string): ParameterObject[] {
  const { user, start } = sessionTimelineParamsSchema.shape;
  return [
    ['user_id', user],
    ['session_start', start],
  ].map(([name, schema]) => ({
    name: name as string,
    in: 'path',
    required: true,
    description: parameterDescription(path, name as string) ?? '',
    schema: parameterSchema(schema as z.ZodType),
  }));
}
