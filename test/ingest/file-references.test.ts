import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { forgetFilesNotLoadedBy } from '../../src/ingest/ingest-records.js';
import { ingest } from '../../src/ingest/load.js';
import { tableCounts } from '../../src/ingest/table-changes.js';
import type { IngestSummary } from '../../src/ingest/reconciliation.js';
import { describeEachEngine } from '../support/engines.js';
import { copyOf, realDataset } from './fixture-folders.js';

/**
 * http_log has no foreign key to ingest_file (014-bulk-write-costs.sql): every row names the file its
 * ingest recorded just before loading it, and the one statement that deletes files checks the log. These
 * tests hold the reference through replaces and appends, and show the delete refusing to orphan a row.
 */

/** Log rows whose file is not in ingest_file, and the files the log names. */
async function references(database: Database) {
  const [row] = await database.query<{ orphans: number; files: number }>(
    `SELECT count(*) FILTER (WHERE file.id IS NULL)::integer AS orphans,
            count(DISTINCT log.source_file_id)::integer AS files
     FROM http_log AS log LEFT JOIN ingest_file AS file ON file.id = log.source_file_id`,
  );
  return row;
}

/** The log's rows as an ingest counts them (by construction, from ingest_file) and as counted. */
async function logCounts(database: Database) {
  const [counted] = await database.query<{ rows: number }>('SELECT count(*)::integer AS rows FROM http_log');
  return { constructed: (await tableCounts(database)).get('http_log'), counted: counted?.rows };
}

/** The log's rows after an ingest as its summary gives them: known by construction, not counted. */
function logAfter(summary: IngestSummary): number | undefined {
  return summary.tables.find((change) => change.table === 'http_log')?.after;
}

describeEachEngine('http_log rows and their ingest_file rows', ({ database }) => {
  let changedLog: string;

  beforeAll(async () => {
    changedLog = await copyOf(realDataset);
    await writeFile(
      join(changedLog, 'http_log.txt'),
      '2019-08-28T01:00:00+00:00 GET /campaigns/1 2000020076516\n',
    );
    await rm(join(changedLog, 'SHA256SUMS'));
  });

  it('every row names a recorded file after a replace, an append and a replace by other files', async () => {
    const first = await ingest(database(), { source: realDataset });
    expect(await references(database())).toEqual({ orphans: 0, files: 1 });
    expect(logAfter(first)).toBe((await logCounts(database())).counted);
    const appendFolder = await copyOf(realDataset);
    await rm(join(appendFolder, 'SHA256SUMS'));
    // Twenty requests and a rejected line: the log grows by the lines loaded, not by the lines read.
    const appended = Array.from(
      { length: 20 },
      (_, minute) => `2019-08-28T02:${String(minute).padStart(2, '0')}:00+00:00 GET /campaigns/2 1`,
    );
    await writeFile(join(appendFolder, 'http_log-2.txt'), `${appended.join('\n')}\nnot a request\n`);
    const before = await logCounts(database());
    expect(before.constructed).toBe(before.counted);
    const appendedRun = await ingest(database(), { source: appendFolder, append: true });
    expect(logAfter(appendedRun)).toBe((before.counted ?? 0) + 20);
    expect(await references(database())).toEqual({ orphans: 0, files: 2 });
    expect(await logCounts(database())).toEqual({
      constructed: (before.counted ?? 0) + 20,
      counted: (before.counted ?? 0) + 20,
    });
    // A replace whose log differs: the two earlier log files are forgotten with their rows.
    const replaced = await ingest(database(), { source: changedLog, limits: { allowShrink: true } });
    expect(await references(database())).toEqual({ orphans: 0, files: 1 });
    expect(await logCounts(database())).toEqual({ constructed: 1, counted: 1 });
    expect(logAfter(replaced)).toBe(1);
    // Appending both logs again, far more than a tenth of the log, rebuilds it (next_http_log) with the
    // row it held.
    const rebuiltRun = await ingest(database(), { source: appendFolder, append: true });
    const rebuilt = 1 + (before.counted ?? 0) + 20;
    expect(await logCounts(database())).toEqual({ constructed: rebuilt, counted: rebuilt });
    expect(logAfter(rebuiltRun)).toBe(rebuilt);
    const last = await ingest(database(), { source: changedLog, limits: { allowShrink: true } });
    expect(await logCounts(database())).toEqual({ constructed: 1, counted: 1 });
    expect(logAfter(last)).toBe(1);
    const files = await database().query<{ ingest_run_id: number }>('SELECT ingest_run_id FROM ingest_file');
    expect(files.every((file) => file.ingest_run_id === last.runId)).toBe(true);
    expect(replaced.runId).toBeGreaterThan(first.runId);
  });

  it('refuses to forget a file whose rows are still in the log, and keeps it', async () => {
    const [file] = await database().query<{ id: number; name: string; ingest_run_id: number }>(
      `SELECT id, name, ingest_run_id FROM ingest_file WHERE name = 'http_log.txt'`,
    );
    expect(file).toBeDefined();
    // As if a later run had not loaded the file while its rows stayed: forgetting it must fail.
    const failure = await database()
      .transaction((tx) => forgetFilesNotLoadedBy(tx, (file?.ingest_run_id ?? 0) + 1))
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure?.message).toBe(
      `ingest file ${file?.id} (http_log.txt) is still named by http_log (line 1) after the replace: its row cannot be forgotten`,
    );
    const [kept] = await database().query(
      'SELECT count(*)::integer AS files FROM ingest_file WHERE id = $1',
      [file?.id],
    );
    expect(kept).toEqual({ files: 1 });
  });
});
