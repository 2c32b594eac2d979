import type { Database } from '../db/database.js';
import { csvDataTables, dataTables, type CsvDataTable, type DataTable } from '../db/data-tables.js';
import { PerxError } from '../errors.js';
import { httpLogFormats } from './http-log-formats.js';
import { isLogFileOf } from './locate-dataset.js';
import type { FileReconciliation, TableChange } from './reconciliation.js';

export type { TableChange } from './reconciliation.js';

/** What an ingest may do to the data loaded before without being told it may (see guardAgainstLoss). */
export interface LossLimits {
  /** Replace the data whatever it loses. */
  allowShrink: boolean;
  /** The largest share of its rows a table may lose: 0.2 lets 100 rows become 80 but not 79. */
  maxShrink: number;
  /** The largest share of a file's lines that may be rejected. */
  maxRejected: number;
}

export const defaultLossLimits: LossLimits = { allowShrink: false, maxShrink: 0.2, maxRejected: 0.1 };

/**
 * Each data table's rows now and once this ingest commits: a replaced CSV table's after is its next_
 * copy, counted; any other CSV table keeps its rows. The log is not counted (10M rows took 0.5 s): it
 * holds `logRowsAfter`, what the caller knows by construction from the loaded lines of its log files.
 * The names come from dataTables, a fixed list, never from input.
 */
export async function tableChanges(
  tx: Database,
  before: ReadonlyMap<DataTable, number>,
  replaced: readonly DataTable[],
  logRowsAfter: number,
): Promise<TableChange[]> {
  const counted = csvDataTables.filter((table) => replaced.includes(table));
  const counts = counted.map((table) => `(SELECT count(*) FROM next_${table}) AS ${table}`).join(', ');
  const [after] =
    counted.length > 0 ? await tx.query<Partial<Record<CsvDataTable, number>>>(`SELECT ${counts}`) : [{}];
  return dataTables.map((table) => {
    const rowsBefore = before.get(table) ?? 0;
    if (table === 'http_log') return { table, before: rowsBefore, after: logRowsAfter };
    const rowsAfter = replaced.includes(table) ? (after?.[table] ?? 0) : rowsBefore;
    return { table, before: rowsBefore, after: rowsAfter };
  });
}

/**
 * Each data table's rows, before an ingest changes anything. The CSV tables are counted. The log is
 * counted by construction, as the loaded lines of the log files recorded in ingest_file: the loader is
 * its only writer, every row it copies carries the id of the ingest_file row recording its file, and a
 * file's record goes only with its rows (014-bulk-write-costs.sql). Counting 10M rows took 0.5 to 0.9 s
 * of every append.
 */
export async function tableCounts(tx: Database): Promise<Map<DataTable, number>> {
  const counts = csvDataTables.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ');
  const [row] = await tx.query<Record<CsvDataTable, number>>(`SELECT ${counts}`);
  const files = await tx.query<{ name: string; loaded: number }>('SELECT name, loaded FROM ingest_file');
  const logRows = files
    .filter((file) => httpLogFormats.some((format) => isLogFileOf(format, file.name)))
    .reduce((total, file) => total + Number(file.loaded), 0);
  return new Map([
    ...csvDataTables.map((table) => [table, row?.[table] ?? 0] as const),
    ['http_log', logRows],
  ]);
}

/**
 * A non-strict ingest loads what it can; over data loaded before, that must not quietly become far less
 * data. Unless allowed, it stops when a table would lose more than `maxShrink` of its rows (an empty or
 * truncated log, a campaign file whose bad line takes its rewards with it through the foreign keys) or
 * a file has more than `maxRejected` of its lines rejected. Nothing is checked when no data was loaded.
 */
export function guardAgainstLoss(
  changes: readonly TableChange[],
  files: readonly FileReconciliation[],
  limits: LossLimits,
): void {
  if (limits.allowShrink || changes.every((change) => change.before === 0)) return;
  const problems: string[] = [];
  for (const { table, before, after } of changes) {
    if (before > 0 && after < before * (1 - limits.maxShrink)) {
      problems.push(`${table} would go from ${count(before)} rows to ${count(after)}`);
    }
  }
  for (const file of files) {
    if (file.lines > 0 && file.rejected > file.lines * limits.maxRejected) {
      problems.push(`${file.file} has ${count(file.rejected)} of its ${count(file.lines)} lines rejected`);
    }
  }
  if (problems.length === 0) return;
  throw new PerxError(
    `refused to replace the data loaded before: ${problems.join('; ')} (limits: a table may lose ${percent(limits.maxShrink)} of its rows, a file may have ${percent(limits.maxRejected)} of its lines rejected); check the source, or pass --allow-shrink to load it anyway`,
  );
}

const count = (value: number) => value.toLocaleString('en-US');
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
