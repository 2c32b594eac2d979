import { readFile } from 'node:fs/promises';
import type { Database } from '../../db/database.js';
import { latestIngestRunId, timeZoneParam } from '../../reports/index.js';

const dataPeriodSql = await readFile(new URL('./data-period.sql', import.meta.url), 'utf8');

/** The dates the data covers, in one time zone; null bounds for an empty table. */
export interface DataPeriod {
  timeZone: string;
  /** The earliest and latest of both: the span the freshness line names. */
  first_date: string | null;
  last_date: string | null;
  first_request_date: string | null;
  last_request_date: string | null;
  first_transaction_date: string | null;
  last_transaction_date: string | null;
}

// A scan of the log per page would cost seconds at ten million requests, and the span only changes
// with the data: one answer per database, data version (ingest run) and zone.
const periods = new WeakMap<Database, Map<string, Promise<DataPeriod>>>();

/** The period the data of ingest run `dataIngestRunId` covers, computed once per run and zone. */
export function readDataPeriod(
  database: Database,
  dataIngestRunId: number | null,
  timeZone: string,
): Promise<DataPeriod> {
  let known = periods.get(database);
  if (!known) periods.set(database, (known = new Map<string, Promise<DataPeriod>>()));
  const key = `${dataIngestRunId ?? 'none'} ${timeZone}`;
  let period = known.get(key);
  if (!period) {
    // Only the current version is worth keeping.
    if (known.size > 8) known.clear();
    period = database.query<Omit<DataPeriod, 'timeZone'>>(dataPeriodSql, [timeZone]).then(([row]) => ({
      timeZone,
      first_date: row?.first_date ?? null,
      last_date: row?.last_date ?? null,
      first_request_date: row?.first_request_date ?? null,
      last_request_date: row?.last_request_date ?? null,
      first_transaction_date: row?.first_transaction_date ?? null,
      last_transaction_date: row?.last_transaction_date ?? null,
    }));
    // A failed query is not an answer to keep.
    period.catch(() => known.delete(key));
    known.set(key, period);
  }
  return period;
}

/**
 * The period of the current data in the zone a page was asked for, for its date presets; null without
 * data, or for a zone the page will refuse anyway (its message says why).
 */
export async function readPagePeriod(
  database: Database,
  requestedZone: string | undefined,
  configuredZone: string,
): Promise<DataPeriod | null> {
  const zone = timeZoneParam.safeParse(requestedZone || configuredZone);
  if (!zone.success) return null;
  const dataIngestRunId = await latestIngestRunId(database);
  if (dataIngestRunId === null) return null;
  return readDataPeriod(database, dataIngestRunId, zone.data);
}
