import type { Context } from 'hono';
import { z } from 'zod';
import { downloadFormatParam, type DownloadFormat } from '../../params/download-format.js';
import { parseQuery } from '../../params/parse-query.js';
import { requestQuery } from '../../params/request-query.js';

const formatSchema = z.object({ format: downloadFormatParam });

/** An API request's query: only the report's own names plus `format`, each once; the format checked. */
export function apiQuery(
  c: Context,
  names: readonly string[],
): { query: Record<string, string>; format: DownloadFormat | undefined } {
  const query = requestQuery(c.req.queries(), [...names, 'format']);
  const { format } = parseQuery(formatSchema, { format: query.format === '' ? undefined : query.format });
  return { query, format };
}
