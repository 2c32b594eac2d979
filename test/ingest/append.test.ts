import { appendFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { PerxError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/load.js';
import { ingestChangesSince, newRequestsSince } from '../../src/ingest/new-requests.js';
import {
  computeAllReports,
  latestIngestRunId,
  storedRunFor,
  weeklyParamsSchema,
} from '../../src/reports/index.js';
import { readLastIngestRun } from '../../src/web/status/ingest-status.js';
import type { IngestSummary } from '../../src/ingest/reconciliation.js';
import { describeEachEngine } from '../support/engines.js';
import { dataTables, ingestRuns } from './dataset-tables.js';
import { copyOf, realDataset } from './fixture-folders.js';

const counts = ({ file, lines, loaded, rejected, duplicates }: IngestSummary['files'][number]) => ({
  file,
  lines,
  loaded,
  rejected,
  duplicates,
});
const skippedOf = (summary: IngestSummary) =>
  summary.skipped.map(({ file, reason, loadedAs, loadedBy }) => ({ file, reason, loadedAs, loadedBy }));

const csvFiles = [
  'campaign.csv',
  'reward_campaign.csv',
  'reward_transaction.csv',
  'campaign_reward_mapping.csv',
];
const unchangedTables = csvFiles.map((file) => ({
  file,
  reason: 'unchanged',
  loadedAs: file,
  loadedBy: undefined,
}));

/** A day after the real log: one request of a known user, two of a new one (one with an offset). */
const nextDayLog = [
  '2019-08-28T01:00:00+00:00 GET /campaigns/1 2000020076516',
  '2019-08-28T01:02:00+08:00 GET /campaigns/2 9000000000001',
  '2019-08-28T01:03:30+00:00 POST /rewards/7 9000000000001',
].join('\n');

/** The real data set without SHA256SUMS, so log files can be added, plus `extra` files. */
async function sourceWith(extra: Record<string, string>): Promise<string> {
  const folder = await copyOf(realDataset);
  await rm(join(folder, 'SHA256SUMS'));
  for (const [name, content] of Object.entries(extra)) await writeFile(join(folder, name), content);
  return folder;
}

async function failure(promise: Promise<unknown>): Promise<PerxError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PerxError);
  return error as PerxError;
}

/** The indexes and foreign keys of the five data tables, as the catalog defines them. */
async function indexDefinitions(database: Database) {
  return database.query(
    `SELECT indrelid::regclass::text AS "table", pg_get_indexdef(indexrelid) AS definition
     FROM pg_index WHERE indrelid = ANY($1::regclass[])
     UNION ALL
     SELECT conrelid::regclass::text, pg_get_constraintdef(oid)
     FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype = 'f'
     ORDER BY 1, 2`,
    [['campaign', 'reward_campaign', 'reward_transaction', 'campaign_reward_mapping', 'http_log']],
  );
}

describeEachEngine('perx ingest --append', ({ database }) => {
  let first: IngestSummary;
  let second: IngestSummary;
  let withNextDay: string;
  let definitions: unknown[];

  beforeAll(async () => {
    // The migrations' own definitions, which every load must leave in place.
    definitions = await indexDefinitions(database());
    expect(definitions.length).toBeGreaterThan(8);
    first = await ingest(database(), { source: realDataset });
    withNextDay = await sourceWith({ 'http_log-2019-08-28.txt': nextDayLog });
    second = await ingest(database(), { source: withNextDay, append: true });
  });

  it('loads only the new log file; the loaded log and the unchanged tables are skipped', async () => {
    expect(second.mode).toBe('append');
    expect(second.tablesReplaced).toBe(false);
    expect(second.files.map(counts)).toEqual([
      { file: 'http_log-2019-08-28.txt', lines: 3, loaded: 3, rejected: 0, duplicates: 0 },
    ]);
    expect(skippedOf(second)).toEqual([
      { file: 'http_log.txt', reason: 'already loaded', loadedAs: 'http_log.txt', loadedBy: first.runId },
      ...unchangedTables,
    ]);
    const [log] = await database().query(
      `SELECT count(*) AS requests, count(*) FILTER (WHERE file.ingest_run_id = $1) AS new_requests,
              count(DISTINCT source_file_id) AS files
       FROM http_log JOIN ingest_file AS file ON file.id = http_log.source_file_id`,
      [second.runId],
    );
    expect(log).toEqual({ requests: 16003, new_requests: 3, files: 2 });
    const tables = await dataTables(database());
    expect(tables.http_log.slice(-3)).toEqual([
      {
        timestamp: '2019-08-28T01:00:00.000000Z',
        http_method: 'GET',
        http_path: '/campaigns/1',
        user_id: '2000020076516',
        source_line: 1,
      },
      {
        timestamp: '2019-08-27T17:02:00.000000Z',
        http_method: 'GET',
        http_path: '/campaigns/2',
        user_id: '9000000000001',
        source_line: 2,
      },
      {
        timestamp: '2019-08-28T01:03:30.000000Z',
        http_method: 'POST',
        http_path: '/rewards/7',
        user_id: '9000000000001',
        source_line: 3,
      },
    ]);
    const runs = await database().query('SELECT id, mode, outcome FROM ingest_run ORDER BY id');
    expect(runs).toEqual([
      { id: first.runId, mode: 'replace', outcome: 'succeeded' },
      { id: second.runId, mode: 'append', outcome: 'succeeded' },
    ]);
    // A small append keeps the indexes and the foreign key, and they are the migrations' own.
    expect(await indexDefinitions(database())).toEqual(definitions);
  });

  it('tells what is new since an ingest: per user, the first and last new request', async () => {
    const spans = [];
    for await (const span of newRequestsSince(database(), { ingest_run_id: first.runId })) spans.push(span);
    expect(spans).toEqual([
      {
        user_id: '2000020076516',
        first_new_at: new Date('2019-08-28T01:00:00Z'),
        last_new_at: new Date('2019-08-28T01:00:00Z'),
        new_requests: 1,
      },
      {
        user_id: '9000000000001',
        first_new_at: new Date('2019-08-27T17:02:00Z'),
        last_new_at: new Date('2019-08-28T01:03:30Z'),
        new_requests: 2,
      },
    ]);
    expect(await ingestChangesSince(database(), { ingest_run_id: first.runId })).toEqual({
      latestIngestRunId: second.runId,
      replaced: false,
      tablesReplaced: false,
      newRequests: 3,
      users: 2,
      firstNewAt: new Date('2019-08-27T17:02:00Z'),
      lastNewAt: new Date('2019-08-28T01:03:30Z'),
    });
    expect(await ingestChangesSince(database(), { ingest_run_id: second.runId })).toMatchObject({
      replaced: false,
      tablesReplaced: false,
      newRequests: 0,
      users: 0,
      firstNewAt: null,
    });
    // Before any ingest, everything is new, and a replace happened since.
    expect(await ingestChangesSince(database(), { ingest_run_id: null })).toMatchObject({
      replaced: true,
      tablesReplaced: true,
      newRequests: 16003,
      users: 6936,
    });
  });

  it('loads nothing when appending the same files again, under any name, and says so', async () => {
    const before = await dataTables(database(), { sourceFileId: true });
    await computeAllReports(database());
    const weekly = weeklyParamsSchema.parse({});
    expect(await storedRunFor(database(), 'weekly', weekly)).toBeDefined();
    const again = await ingest(database(), { source: withNextDay, append: true });
    expect(again.files).toEqual([]);
    expect(again.changedData).toBe(false);
    expect(skippedOf(again)).toEqual([
      { file: 'http_log.txt', reason: 'already loaded', loadedAs: 'http_log.txt', loadedBy: first.runId },
      {
        file: 'http_log-2019-08-28.txt',
        reason: 'already loaded',
        loadedAs: 'http_log-2019-08-28.txt',
        loadedBy: second.runId,
      },
      ...unchangedTables,
    ]);
    const renamed = await sourceWith({ 'http_log-copy.txt': nextDayLog });
    await rm(join(renamed, 'http_log.txt'));
    const copy = await ingest(database(), { source: renamed, append: true });
    expect(copy.files).toEqual([]);
    expect(skippedOf(copy)[0]).toEqual({
      file: 'http_log-copy.txt',
      reason: 'already loaded',
      loadedAs: 'http_log-2019-08-28.txt',
      loadedBy: second.runId,
    });
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    // Nothing changed, so nothing moved: the data is still the second run's, loaded when it finished,
    // and the reports computed from it are still current.
    expect(await ingestChangesSince(database(), { ingest_run_id: second.runId })).toMatchObject({
      latestIngestRunId: second.runId,
      newRequests: 0,
    });
    expect(await latestIngestRunId(database())).toBe(second.runId);
    const lastRun = await readLastIngestRun(database());
    expect(lastRun).toMatchObject({ id: copy.runId, outcome: 'succeeded' });
    expect(lastRun?.data_loaded_at?.getTime()).toBe(second.finishedAt.getTime());
    expect(await storedRunFor(database(), 'weekly', weekly)).toBeDefined();
  });

  it('leaves the data untouched when an append fails', async () => {
    const before = await dataTables(database(), { sourceFileId: true });
    const files = await database().query('SELECT * FROM ingest_file ORDER BY id');
    const rejects = await database().query('SELECT * FROM ingest_reject ORDER BY id');

    const badLine = await sourceWith({
      'http_log-2019-08-29.txt': '2019-08-29T00:00:00Z GET /campaigns/1 42\nnot a request\n',
    });
    const strict = await failure(ingest(database(), { source: badLine, append: true, strict: true }));
    expect(strict.message).toBe(
      `${join(badLine, 'http_log-2019-08-29.txt')}:2: wrong field count: expected 4 (timestamp method path user_id), found 3`,
    );

    const mismatch = await copyOf(realDataset);
    await writeFile(join(mismatch, 'http_log-2019-08-29.txt'), nextDayLog.replaceAll('08-28', '08-29'));
    await appendFile(join(mismatch, 'SHA256SUMS'), `${'0'.repeat(64)}  http_log-2019-08-29.txt\n`);
    const checksum = await failure(ingest(database(), { source: mismatch, append: true }));
    expect(checksum.message).toMatch(/http_log-2019-08-29\.txt: checksum mismatch/);

    const changedTable = await sourceWith({ 'http_log-2019-08-29.txt': '2019-08-29T00:00:00Z GET /x 42\n' });
    await appendFile(join(changedTable, 'reward_campaign.csv'), '4,Stray,2019-08-11 00:00:00 UTC,7\n');
    const foreignKey = await failure(
      ingest(database(), { source: changedTable, append: true, strict: true }),
    );
    expect(foreignKey.message).toBe(`${join(changedTable, 'reward_campaign.csv')}:5: unknown campaign 7`);

    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    expect(await database().query('SELECT * FROM ingest_file ORDER BY id')).toEqual(files);
    expect(await database().query('SELECT * FROM ingest_reject ORDER BY id')).toEqual(rejects);
    expect(await indexDefinitions(database())).toEqual(definitions);
    const runs = await ingestRuns(database());
    expect(runs.slice(-3).map((run) => [run.outcome, run.error])).toEqual([
      ['failed', strict.message],
      ['failed', checksum.message],
      ['failed', foreignKey.message],
    ]);
  });

  it('replaces the four tables when one of their files changed, and keeps the log', async () => {
    const logBefore = (await dataTables(database(), { sourceFileId: true })).http_log;
    const folder = await sourceWith({});
    await appendFile(join(folder, 'campaign.csv'), '4,My Campaign 4,active\n');
    await appendFile(join(folder, 'reward_campaign.csv'), '4,Stray,2019-08-11 00:00:00 UTC,7\n');
    const [latest] = await database().query<{ id: number }>('SELECT max(id) AS id FROM ingest_run');
    // One line of four rejected: more than a tenth of the file, allowed here (table-changes.ts).
    const summary = await ingest(database(), { source: folder, append: true, limits: { allowShrink: true } });
    expect(summary.tablesReplaced).toBe(true);
    expect(summary.files.map(counts)).toEqual([
      { file: 'campaign.csv', lines: 4, loaded: 4, rejected: 0, duplicates: 0 },
      { file: 'reward_campaign.csv', lines: 4, loaded: 3, rejected: 1, duplicates: 0 },
      { file: 'reward_transaction.csv', lines: 10, loaded: 10, rejected: 0, duplicates: 0 },
      { file: 'campaign_reward_mapping.csv', lines: 3043, loaded: 3043, rejected: 0, duplicates: 1282 },
    ]);
    expect(skippedOf(summary).map((skipped) => skipped.file)).toEqual(['http_log.txt']);
    const tables = await dataTables(database(), { sourceFileId: true });
    expect(tables.campaign).toHaveLength(4);
    expect(tables.http_log).toEqual(logBefore);
    expect(await indexDefinitions(database())).toEqual(definitions);
    expect(
      await database().query(
        'SELECT name, ingest_run_id FROM ingest_file WHERE name LIKE $1 ORDER BY name COLLATE "C"',
        ['%.csv'],
      ),
    ).toEqual([...csvFiles].sort().map((name) => ({ name, ingest_run_id: summary.runId })));
    expect(await database().query('SELECT file, line_number, reason FROM ingest_reject')).toEqual([
      { file: 'reward_campaign.csv', line_number: 5, reason: 'unknown campaign 7' },
    ]);
    expect(await ingestChangesSince(database(), { ingest_run_id: latest!.id })).toMatchObject({
      replaced: false,
      tablesReplaced: true,
      newRequests: 0,
    });
  });

  it('loads a new file once when two appends of it run at the same time', async () => {
    const folder = await sourceWith({
      'http_log-2019-08-30.txt': '2019-08-30T00:00:00Z GET /campaigns/1 42\n',
    });
    const [before] = await database().query<{ requests: number }>(
      'SELECT count(*) AS requests FROM http_log',
    );
    // The real CSV files go back in place of the 4-campaign ones of the test before: a shrink, allowed.
    const limits = { allowShrink: true };
    const both = await Promise.all([
      ingest(database(), { source: folder, append: true, limits }),
      ingest(database(), { source: folder, append: true, limits }),
    ]);
    const logsLoaded = both.map((summary) =>
      summary.files.filter((file) => file.file.startsWith('http_log')),
    );
    expect(logsLoaded.map((files) => files.length).sort()).toEqual([0, 1]);
    const [after] = await database().query<{ requests: number }>('SELECT count(*) AS requests FROM http_log');
    expect(after!.requests).toBe(before!.requests + 1);
  });

  it('refuses a source with some of the four CSV files but not all', async () => {
    const folder = await sourceWith({});
    await rm(join(folder, 'reward_transaction.csv'));
    const error = await failure(ingest(database(), { source: folder, append: true }));
    expect(error.message).toBe(
      `${join(folder, 'reward_transaction.csv')}: not found: an append source holds all four CSV files (${csvFiles.join(', ')}) or none`,
    );
  });
});

describeEachEngine('perx ingest --append into an empty database', ({ database }) => {
  it('takes a folder of log files alone; a large append rebuilds the indexes, a small one updates them', async () => {
    const definitions = await indexDefinitions(database());
    const logs = await copyOf(realDataset);
    for (const file of [...csvFiles, 'SHA256SUMS']) await rm(join(logs, file));
    const large = await ingest(database(), { source: logs, append: true });
    expect(large.files.map(counts)).toEqual([
      { file: 'http_log.txt', lines: 16000, loaded: 16000, rejected: 0, duplicates: 0 },
    ]);
    expect(large.tablesReplaced).toBe(false);
    expect(await indexDefinitions(database())).toEqual(definitions);

    await writeFile(join(logs, 'http_log-2019-08-28.txt'), nextDayLog);
    const small = await ingest(database(), { source: logs, append: true });
    expect(small.files.map((file) => file.file)).toEqual(['http_log-2019-08-28.txt']);
    expect(await indexDefinitions(database())).toEqual(definitions);
    const [row] = await database().query(
      `SELECT count(*) AS requests, (SELECT count(*) FROM campaign) AS campaigns FROM http_log`,
    );
    expect(row).toEqual({ requests: 16003, campaigns: 0 });
    // The index answers the per-user lookups the reports make.
    const [user] = await database().query(`SELECT count(*) AS requests FROM http_log WHERE user_id = $1`, [
      '9000000000001',
    ]);
    expect(user).toEqual({ requests: 2 });
  });
});

describeEachEngine('a data set whose log is several files', ({ database }) => {
  it('loads them all in order, http_log.txt first, and a repeated content once', async () => {
    const folder = await sourceWith({
      'http_log-2019-08-28.txt': nextDayLog,
      'http_log-2019-08-28_again.txt': nextDayLog,
      'http_log-2019-08-29.txt': '2019-08-29T00:00:00Z GET /campaigns/1 42',
    });
    const summary = await ingest(database(), { source: folder });
    expect(summary.files.map((file) => [file.file, file.loaded])).toEqual([
      ['campaign.csv', 3],
      ['reward_campaign.csv', 3],
      ['reward_transaction.csv', 10],
      ['campaign_reward_mapping.csv', 3043],
      ['http_log.txt', 16000],
      ['http_log-2019-08-28.txt', 3],
      ['http_log-2019-08-29.txt', 1],
    ]);
    expect(skippedOf(summary)).toEqual([
      {
        file: 'http_log-2019-08-28_again.txt',
        reason: 'already loaded',
        loadedAs: 'http_log-2019-08-28.txt',
        loadedBy: summary.runId,
      },
    ]);
    // Ingesting the bare data set again replaces all three log files' rows and forgets their files.
    const again = await ingest(database(), { source: realDataset });
    const [row] = await database().query(
      'SELECT (SELECT count(*) FROM http_log) AS requests, (SELECT count(*) FROM ingest_file) AS files',
    );
    expect(row).toEqual({ requests: 16000, files: 5 });
    expect(again.skipped).toEqual([]);
  });
});
