import { Hono } from 'hono';
import { z } from 'zod';
import { describeEngine } from '../../../db/database.js';
import { describeTzDatabase, type TzDatabase } from '../../../db/tz-database.js';
import { latestIngestRunId, latestReportRuns, type ReportRun } from '../../../reports/index.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { weeklyUrlNames } from '../../report-data/weekly-data.js';
import { readIngestStatus } from '../../status/ingest-status.js';
import type { WebContext } from '../../web-context.js';

export const statusQuery = apiQuerySpec({
  report: z.object({}),
  api: z.object({
    // How many rejected lines of the last ingest to list; their total is always given.
    rejects: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce
        .number({ error: 'expected a whole number' })
        .int('expected a whole number')
        .min(0, 'must be at least 0')
        .max(1000, 'must be at most 1000')
        .default(100),
    ),
  }),
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

/** Report parameters by the names a request gives them (week_start), as every API answer names them. */
const urlNameOf = Object.fromEntries(Object.entries(weeklyUrlNames).map(([url, key]) => [key, url]));

function runParams(run: ReportRun): Record<string, unknown> {
  return Object.fromEntries(Object.entries(run.params).map(([key, value]) => [urlNameOf[key] ?? key, value]));
}

/** The tz check in the API's snake_case. */
function tzDatabaseJson({ firstDifference, ...check }: TzDatabase): Record<string, unknown> {
  return {
    ...check,
    first_difference: firstDifference
      ? {
          at: firstDifference.at,
          engine_offset: firstDifference.engineOffset,
          node_offset: firstDifference.nodeOffset,
        }
      : null,
  };
}

/**
 * GET /api/status: the last ingest with per-file counts and rejects, the last report runs, row counts,
 * and the time zone rules of the engine (tz_database, see db/tz-database.ts) for the reporting zone.
 */
export function statusApi({ database, config }: WebContext): Hono {
  return new Hono().get('/api/status', async (c) => {
    const { rejects } = parseApiQuery(c, statusQuery, config).api;
    const ingest = await readIngestStatus(database, rejects);
    const reportRuns = await latestReportRuns(database);
    const currentIngest = await latestIngestRunId(database);
    return c.json({
      engine: describeEngine(database),
      last_ingest_run: ingest.lastRun,
      report_runs: Object.fromEntries(
        Object.entries(reportRuns).map(([report, run]) => [
          report,
          { ...run, params: runParams(run), current: run.ingest_run_id === currentIngest },
        ]),
      ),
      row_counts: ingest.rowCounts,
      tz_database: tzDatabaseJson(await tzDatabaseOnce(database, config.timeZone)),
    });
  });
}
