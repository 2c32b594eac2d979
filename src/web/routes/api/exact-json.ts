import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { jsonText } from '../../../output/index.js';

/**
 * c.json, but a bigint id (beyond 2^53 - 1) is written as its exact number, as the report downloads write
 * it; c.json's JSON.stringify would throw on it.
 */
export function exactJson(
  c: Context,
  body: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  return c.body(jsonText(body), status, { ...headers, 'Content-Type': 'application/json' });
}
