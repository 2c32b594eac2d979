import type { z } from 'zod';
import type { Config } from '../../config/config.js';
import { parseQuery } from '../params/parse-query.js';

/**
 * A report's parameters from a query string, checked by the report's own schema (the one the CLI uses).
 * URL names are snake_case (`week_start`); a missing time zone is the configured one (PERX_TZ), as on
 * the command line.
 */
export function parseReportQuery<Schema extends z.ZodType>(
  schema: Schema,
  query: Readonly<Record<string, string>>,
  config: Pick<Config, 'timeZone'>,
  urlNames: Readonly<Record<string, string>> = {},
): z.output<Schema> {
  const input: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'format') continue;
    input[urlNames[name] ?? name] = value;
  }
  if (input.tz === undefined || input.tz.trim() === '') input.tz = config.timeZone;
  const displayNames = Object.fromEntries(Object.entries(urlNames).map(([url, key]) => [key, url]));
  return parseQuery(schema, input, displayNames);
}
