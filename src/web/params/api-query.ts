import type { Context } from 'hono';
import type { z } from 'zod';
import type { Config } from '../../config/config.js';
import { parseReportQuery } from '../report-data/report-query.js';
import { parseQuery } from './parse-query.js';
import { requestQuery } from './request-query.js';

/**
 * The query parameters of one API operation, each with the zod schema that validates it: the route
 * parses requests with it and the OpenAPI document (web/openapi) is generated from it, so the two cannot
 * drift apart.
 */
export interface ApiQuerySpec<
  Report extends z.ZodObject = z.ZodObject,
  Api extends z.ZodObject = z.ZodObject,
> {
  /** The report's own parameters, checked by the schema the CLI uses (tz defaults to PERX_TZ). */
  report: Report;
  /** URL names of report parameters whose schema key differs (`week_start` for `weekStart`). */
  urlNames?: Readonly<Record<string, string>>;
  /** Parameters of the API alone (a page, a download format); they win over a report's of the same name. */
  api: Api;
}

/** Keeps the schemas' types for parseApiQuery. */
export function apiQuerySpec<Report extends z.ZodObject, Api extends z.ZodObject>(
  spec: ApiQuerySpec<Report, Api>,
): ApiQuerySpec<Report, Api> {
  return spec;
}

/** Each query parameter's URL name and the schema that checks it, in the order the schemas list them. */
export function queryParameters(spec: ApiQuerySpec): { name: string; schema: z.ZodType }[] {
  const urlName = Object.fromEntries(Object.entries(spec.urlNames ?? {}).map(([url, key]) => [key, url]));
  const parameters = new Map<string, z.ZodType>();
  for (const [key, schema] of Object.entries(spec.report.shape)) {
    parameters.set(urlName[key] ?? key, schema as z.ZodType);
  }
  for (const [key, schema] of Object.entries(spec.api.shape)) parameters.set(key, schema as z.ZodType);
  return [...parameters].map(([name, schema]) => ({ name, schema }));
}

/**
 * A request's query checked against the operation's parameters: an unknown or repeated name is refused
 * (requestQuery), then the report's parameters and the API's are parsed by their schemas.
 */
export function parseApiQuery<Report extends z.ZodObject, Api extends z.ZodObject>(
  c: Context,
  spec: ApiQuerySpec<Report, Api>,
  config: Pick<Config, 'timeZone'>,
): { report: z.output<Report>; api: z.output<Api> } {
  const query = requestQuery(
    c.req.queries(),
    queryParameters(spec).map((parameter) => parameter.name),
  );
  const apiKeys = Object.keys(spec.api.shape);
  const apiInput = Object.fromEntries(apiKeys.map((key) => [key, query[key]]));
  const api = parseQuery(spec.api, apiInput);
  const reportInput = Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'format'));
  const report = parseReportQuery(spec.report, reportInput, config, spec.urlNames ?? {});
  return { report, api };
}
