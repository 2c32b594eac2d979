import { Hono } from 'hono';
import { reportDownload } from '../../downloads/report-download.js';
import {
  ingestRejectColumns,
  readIngestStatus,
  readLastIngestRun,
  streamIngestRejects,
  type IngestReject,
} from '../../status/ingest-status.js';
import type { WebContext } from '../../web-context.js';
import { apiQuery } from './api-query.js';

async function* noRejects(): AsyncIterable<IngestReject> {}

/** How many rejected lines the JSON answer lists; a download holds them all. */
const listedRejects = 100;

/**
 * GET /api/rejects: the lines the last ingest rejected, with file, line and reason. The JSON answer
 * lists the first hundred and the total; format=csv|json|ndjson downloads every one.
 */
export function rejectsApi({ database, config, activity }: WebContext): Hono {
  return new Hono().get('/api/rejects', async (c) => {
    const { format } = apiQuery(c, []);
    const run = await readLastIngestRun(database);
    if (format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'rejects',
          rows: run ? streamIngestRejects(database, run.id) : noRejects(),
          columns: ingestRejectColumns,
          format,
          timeZone: config.timeZone,
        },
      );
    }
    const status = await readIngestStatus(database, listedRejects);
    return c.json({
      ingest_run_id: run?.id ?? null,
      total: run?.rejected_lines ?? 0,
      rows: status.lastRun?.rejects ?? [],
    });
  });
}
