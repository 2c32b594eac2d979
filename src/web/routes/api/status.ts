import { Hono } from 'hono';
import { z } from 'zod';
import { describeEngine } from '../../../db/database.js';
import { describeTzDatabase, type TzDatabase } from '../../../db/tz-database.js';
import { latestIngestRunId, latestReportRuns } from '../../../reports/index.js';
import { parseQuery } from '../../params/parse-query.js';
import { requestQuery } from '../../params/request-query.js';
import { readIngestStatus } from '../../status/ingest-status.js';
import type { WebContext } from '../../web-context.js';

const statusQuerySchema = z.object({
  // How many rejected lines of the last ingest to list; their total is always given.
  rejects: z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'must be at least 0')
    .max(1000, 'must be at most 1000')
    .default(100),
});

/** The engine's tz rules do not change while it runs: checked once per database and zone. */
const tzChecks = new WeakMap<object, Map<string, Promise<TzDatabase>>>();

function tzDatabaseOnce(database: WebContext['database'], zone: string): Promise<TzDatabase> {
  let byZone = tzChecks.get(database);
  if (!byZone) tzChecks.set(database, (byZone = new Map<string, Promise<TzDatabase>>()));
  let check = byZone.get(zone);
  if (!check) {
    check = describeTzDatabase(database, zone);
    // A failed check is tried again on the next request.
    check.catch(() => byZone.delete(zone));
    byZone.set(zone, check);
  }
  return check;
}

/**
 * GET /api/status: the last ingest with per-file counts and rejects, the last report runs, row counts,
 * and the time zone rules of the engine (tz_database, see db/tz-database.ts) for the reporting zone.
 */
export function statusApi({ database, config }: WebContext): Hono {
  return new Hono().get('/api/status', async (c) => {
    const query = requestQuery(c.req.queries(), ['rejects']);
    const { rejects } = parseQuery(statusQuerySchema, { rejects: query.rejects || undefined });
    const ingest = await readIngestStatus(database, rejects);
    const reportRuns = await latestReportRuns(database);
    const currentIngest = await latestIngestRunId(database);
    return c.json({
      engine: describeEngine(database),
      last_ingest_run: ingest.lastRun,
      report_runs: Object.fromEntries(
        Object.entries(reportRuns).map(([report, run]) => [
          report,
          { ...run, current: run.ingest_run_id === currentIngest },
        ]),
      ),
      row_counts: ingest.rowCounts,
      tz_database: await tzDatabaseOnce(database, config.timeZone),
    });
  });
}
