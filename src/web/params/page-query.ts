import type { Context } from 'hono';
import { z } from 'zod';
import { backParam } from '../views/components/breadcrumbs.js';
import { parseQuery } from './parse-query.js';
import { requestQuery } from './request-query.js';

const backSchema = z.object({ back: backParam });

/**
 * A page's query: the report's names, plus `back` (the page a drill-down came from, for its
 * breadcrumbs), checked to be one of the dashboard's own pages.
 */
export function pageQuery(c: Context, names: readonly string[]): Record<string, string> {
  const query = requestQuery(c.req.queries(), [...names, 'back']);
  parseQuery(backSchema, { back: query.back === '' ? undefined : query.back });
  return query;
}
