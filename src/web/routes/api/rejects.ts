import { Hono } from 'hono';
import { z } from 'zod';
import { reportDownload } from '../../downloads/report-download.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { listingParamsSchema } from '../../params/listing-params.js';
import {
  ingestRejectColumns,
  readIngestRejects,
  readLastIngestRun,
  streamIngestRejects,
  type IngestReject,
} from '../../status/ingest-status.js';
import { pickColumns } from '../../../output/index.js';
import type { WebContext } from '../../web-context.js';
import { defaultPageSize } from '../../params/listing-params.js';
import { exactJson } from './exact-json.js';

async function* noRejects(): AsyncIterable<IngestReject> {}

export const rejectsQuery = apiQuerySpec({ report: z.object({}), api: listingParamsSchema });

/**
 * GET /api/rejects: the lines the last ingest rejected, with file, line and reason, a page of them and
 * their total; format=csv|ndjson downloads every one.
 */
export function rejectsApi({ database, config, activity }: WebContext): Hono {
  return new Hono().get('/api/rejects', async (c) => {
    const { api } = parseApiQuery(c, rejectsQuery, config);
    const run = await readLastIngestRun(database);
    if (api.format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'rejects',
          rows: run ? streamIngestRejects(database, run.id, api) : noRejects(),
          columns: ingestRejectColumns,
          format: api.format,
          timeZone: config.timeZone,
        },
      );
    }
    const page = { limit: api.limit ?? defaultPageSize, offset: api.offset };
    const rows = run ? await readIngestRejects(database, run.id, page) : [];
    return exactJson(c, {
      params: page,
      source: { ingest_run_id: run?.id ?? null },
      total: run?.rejected_lines ?? 0,
      ...page,
      rows: rows.map((row) => pickColumns(row, ingestRejectColumns, config.timeZone)),
    });
  });
}
