import type { Database } from '../../db/database.js';
import { latestReportRuns } from '../../reports/index.js';
import type { Freshness } from '../views/freshness.js';
import { readLastIngestRun } from './ingest-status.js';

/** When the data was loaded and the stored reports computed, for the line at the top of every page. */
export async function readFreshness(database: Database): Promise<Freshness> {
  const lastIngest = await readLastIngestRun(database);
  const runs = Object.values(await latestReportRuns(database));
  const computed = runs.map((run) => run.computed_at.getTime());
  return {
    dataLoadedAt: lastIngest?.data_loaded_at ?? null,
    lastIngestOutcome: lastIngest?.outcome ?? null,
    reportsComputedAt: computed.length === 0 ? null : new Date(Math.max(...computed)),
  };
}
