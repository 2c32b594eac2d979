import type { Database } from '../../db/database.js';
import { Timestamp } from '../../db/timestamp.js';
import { latestIngestRunId, latestReportRuns } from '../../reports/index.js';
import type { Freshness } from '../views/freshness.js';
import { readDataPeriod } from './data-period.js';
import { readLastIngestRun } from './ingest-status.js';

function later(a: Date, b: Date): boolean {
  const micro = (date: Date) => (date instanceof Timestamp ? date.microsecond : 0);
  return a.getTime() > b.getTime() || (a.getTime() === b.getTime() && micro(a) > micro(b));
}

/**
 * When the data was loaded, the period it covers (dates in `timeZone`), and when the stored reports were
 * computed and whether from this data, for the line at the top of every page.
 */
export async function readFreshness(database: Database, timeZone: string): Promise<Freshness> {
  const lastIngest = await readLastIngestRun(database);
  const dataIngestRunId = await latestIngestRunId(database);
  const runs = Object.values(await latestReportRuns(database));
  // The latest run's own value, microseconds and all (a Timestamp), not a Date rebuilt from milliseconds.
  const latest = runs.reduce<(typeof runs)[number] | undefined>(
    (best, run) => (best === undefined || later(run.computed_at, best.computed_at) ? run : best),
    undefined,
  );
  return {
    dataLoadedAt: lastIngest?.data_loaded_at ?? null,
    dataPeriod: dataIngestRunId === null ? null : await readDataPeriod(database, dataIngestRunId, timeZone),
    lastIngestOutcome: lastIngest?.outcome ?? null,
    reportsComputedAt: latest?.computed_at ?? null,
    reportsCurrent: runs.length === 0 ? null : runs.every((run) => run.ingest_run_id === dataIngestRunId),
    timeZone,
  };
}
