import { execFileSync } from 'node:child_process';
import { appendFile, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { InputError, PerxError } from '../../src/errors.js';
import { httpLogFormats } from '../../src/ingest/http-log-formats.js';
import { ingest } from '../../src/ingest/load.js';
import { logIndexOnlyReadable } from '../../src/reports/user-partitions.js';
import type { IngestProgress, IngestSummary } from '../../src/ingest/reconciliation.js';
import { describeEachEngine } from '../support/engines.js';
import { dataTables, ingestRuns, rejectsOfRun } from './dataset-tables.js';
import { badLinesFixture, copyOf, realDataset } from './fixture-folders.js';

const expected = JSON.parse(await readFile(join(badLinesFixture, 'expected.json'), 'utf8')) as {
  files: { file: string; lines: number; loaded: number; rejected: number; duplicates: number }[];
  rejects: { file: string; line: number; raw: string; reason: string }[];
  tables: Record<string, unknown[]>;
};

const counts = ({ file, lines, loaded, rejected, duplicates }: IngestSummary['files'][number]) => ({
  file,
  lines,
  loaded,
  rejected,
  duplicates,
});

async function expectFailure(promise: Promise<unknown>): Promise<PerxError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PerxError);
  return error as PerxError;
}

// Counted from the files: `tail -n +2 campaign_reward_mapping.csv | sort -u | wc -l` is 1761 of 3043
// lines, and `sort http_log.txt | uniq -d` finds two lines that occur twice.
describeEachEngine('ingest of the real Perx data set', ({ database }) => {
  let first: IngestSummary;
  const progress: IngestProgress[] = [];

  beforeAll(async () => {
    first = await ingest(database(), { source: realDataset, onProgress: (event) => progress.push(event) });
  });

  it('loads every line, with the counts and sha256 of each file', async () => {
    const sums = (await readFile(join(realDataset, 'SHA256SUMS'), 'utf8')).trim().split('\n');
    expect(first.files.map((file) => `${file.sha256}  ${file.file}`)).toEqual(sums);
    expect(first.files.map(counts)).toEqual([
      { file: 'campaign.csv', lines: 3, loaded: 3, rejected: 0, duplicates: 0 },
      { file: 'reward_campaign.csv', lines: 3, loaded: 3, rejected: 0, duplicates: 0 },
      { file: 'reward_transaction.csv', lines: 10, loaded: 10, rejected: 0, duplicates: 0 },
      { file: 'campaign_reward_mapping.csv', lines: 3043, loaded: 3043, rejected: 0, duplicates: 1282 },
      { file: 'http_log.txt', lines: 16000, loaded: 16000, rejected: 0, duplicates: 0 },
    ]);
    expect(first.files.map((file) => file.bytes)).toEqual([86, 168, 451, 27947, 929735]);
  });

  it('fills the five tables, duplicate mapping pairs once and duplicate log lines twice', async () => {
    const [row] = await database().query(
      `SELECT (SELECT count(*) FROM campaign) AS campaign,
              (SELECT count(*) FROM reward_campaign) AS reward_campaign,
              (SELECT count(*) FROM reward_transaction) AS reward_transaction,
              (SELECT count(*) FROM campaign_reward_mapping) AS campaign_reward_mapping,
              (SELECT count(*) FROM http_log) AS http_log,
              (SELECT count(*) FROM (SELECT DISTINCT "timestamp", http_method, http_path, user_id FROM http_log) AS d) AS distinct_requests,
              (SELECT count(DISTINCT user_id) FROM http_log) AS users,
              (SELECT count(*) FROM ingest_reject) AS rejects`,
    );
    expect(row).toEqual({
      campaign: 3,
      reward_campaign: 3,
      reward_transaction: 10,
      campaign_reward_mapping: 1761,
      http_log: 16000,
      distinct_requests: 15998,
      users: 6935,
      rejects: 0,
    });
    const tables = await dataTables(database());
    expect(tables.campaign).toEqual([
      { id: 1, name: 'My Camapign 1', status: 'active' },
      { id: 2, name: 'My Camapign 2', status: 'active' },
      { id: 3, name: 'My Camapign 3', status: 'inactive' },
    ]);
    expect(tables.reward_campaign).toEqual([
      { id: 1, reward_name: 'My Reward', updated_at: '2019-08-10T12:04:10.041000Z', campaign_id: 1 },
      { id: 2, reward_name: 'My Reward-2', updated_at: '2019-08-09T12:04:10.041000Z', campaign_id: 1 },
      { id: 3, reward_name: 'My Reward-5', updated_at: '2019-08-06T12:04:10.041000Z', campaign_id: 1 },
    ]);
    expect(tables.http_log[0]).toEqual({
      timestamp: '2019-08-27T00:07:05.000000Z',
      http_method: 'POST',
      http_path: '/rewards/1529',
      user_id: '2000020076516',
      source_line: 1,
    });
    expect(tables.http_log.at(-1)).toEqual({
      timestamp: '2019-08-26T16:33:55.000000Z',
      http_method: 'GET',
      http_path: '/campaigns/3602',
      user_id: '2000069344719',
      source_line: 16000,
    });
  });

  it('records the run and one ingest_file row per file', async () => {
    const runs = await ingestRuns(database());
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: first.runId,
      source: realDataset,
      outcome: 'succeeded',
      error: null,
      finished: true,
    });
    expect(runs[0]?.files.map((file) => file.lines)).toEqual([3, 3, 10, 3043, 16000]);
    const files = await database().query(
      'SELECT name, sha256, bytes, lines, loaded, rejected, duplicates, ingest_run_id FROM ingest_file ORDER BY name COLLATE "C"',
    );
    const byName = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : 1);
    expect(files).toEqual(
      [...first.files].sort(byName).map(({ file, ...counted }) => ({
        name: file,
        ...counted,
        ingest_run_id: first.runId,
      })),
    );
  });

  it('reports progress per file, ending with its size and line count', () => {
    const done = progress.filter((event) => event.done);
    expect(done.map(({ file, bytes, totalBytes, lines }) => [file, bytes, totalBytes, lines])).toEqual([
      ['campaign.csv', 86, 86, 3],
      ['reward_campaign.csv', 168, 168, 3],
      ['reward_transaction.csv', 451, 451, 10],
      ['campaign_reward_mapping.csv', 27947, 27947, 3043],
      ['http_log.txt', 929735, 929735, 16000],
    ]);
  });

  it('gives identical tables when run again, http_log source_file_id included', async () => {
    const before = await dataTables(database(), { sourceFileId: true });
    const second = await ingest(database(), { source: realDataset });
    expect(second.runId).toBe(first.runId + 1);
    expect(second.files).toEqual(first.files);
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    const [files] = await database().query(
      'SELECT count(*) AS rows, max(ingest_run_id) AS run FROM ingest_file',
    );
    expect(files).toEqual({ rows: 5, run: second.runId });
  });

  it('loads a replaced log frozen on a PostgreSQL server, so the sessions read its index alone', async () => {
    // Nothing has vacuumed the table: the COPY itself set the visibility map (COPY ... FREEZE).
    const [log] = await database().query<{ pages: number; visible: number }>(
      `SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = 'http_log'::regclass`,
    );
    expect(log?.pages).toBeGreaterThan(0);
    expect(log?.visible).toBe(database().engine === 'postgres' ? log?.pages : 0);
    expect(await logIndexOnlyReadable(database())).toBe(database().engine === 'postgres');
  });

  it('publishes tables with the definitions the migrations gave them: columns, keys, indexes, checks', async () => {
    // The live tables are replaced by the next_ tables an ingest loads (006-ingest-publish.sql).
    const catalog = () =>
      database().query(
        `SELECT table_class.relname AS table_name, 'column' AS kind, attname AS name,
                format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END
                  || coalesce(' COLLATE ' || coll.collname, '') AS definition
         FROM pg_attribute
         JOIN pg_class AS table_class ON table_class.oid = attrelid
         LEFT JOIN pg_collation AS coll ON coll.oid = attcollation AND attcollation <> 100
         WHERE table_class.relname = ANY ($1) AND attnum > 0 AND NOT attisdropped
         UNION ALL
         SELECT conrelid::regclass::text, 'constraint', conname, pg_get_constraintdef(oid)
         FROM pg_constraint WHERE conrelid::regclass::text = ANY ($1)
         UNION ALL
         SELECT tablename, 'index', indexname, indexdef FROM pg_indexes WHERE tablename = ANY ($1)
         UNION ALL
         SELECT relname, 'other', relname, 'left behind' FROM pg_class WHERE relname LIKE 'next\\_%'
         ORDER BY 1, 2, 3`,
        [['campaign', 'reward_campaign', 'reward_transaction', 'campaign_reward_mapping', 'http_log']],
      );
    const migrated = await catalog();
    expect(migrated.length).toBeGreaterThan(25);
    await ingest(database(), { source: realDataset });
    expect(await catalog()).toEqual(migrated);
  });
});

describeEachEngine('ingest of hand-made bad lines', ({ database }) => {
  it('loads the good lines and rejects each bad one with its line and reason', async () => {
    const summary = await ingest(database(), { source: badLinesFixture });
    expect(summary.files.map(counts)).toEqual(expected.files);
    expect(await rejectsOfRun(database(), summary.runId)).toEqual(expected.rejects);
    expect(await dataTables(database())).toEqual(expected.tables);
    for (const file of summary.files) expect(file.loaded + file.rejected, file.file).toBe(file.lines);
  });

  it('keeps only the latest ingest rejects, and gives the same answer the second time', async () => {
    // No SHA256SUMS here: the log's ingest_file row is found by a first hashing pass.
    const before = await dataTables(database(), { sourceFileId: true });
    // Over data loaded before, so many rejected lines must be allowed (table-changes.ts).
    const summary = await ingest(database(), { source: badLinesFixture, limits: { allowShrink: true } });
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    expect(summary.files.map(counts)).toEqual(expected.files);
    const [rejects] = await database().query(
      'SELECT count(*) AS rows, min(ingest_run_id) AS run FROM ingest_reject',
    );
    expect(rejects).toEqual({ rows: expected.rejects.length, run: summary.runId });
    expect(await dataTables(database())).toEqual(expected.tables);
  });

  it('with --strict fails at the first rejected line, naming file, line and reason', async () => {
    const before = await dataTables(database(), { sourceFileId: true });
    const error = await expectFailure(ingest(database(), { source: badLinesFixture, strict: true }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `${join(badLinesFixture, 'campaign.csv')}:5: bad number in id: "x2" (expected a whole number)`,
    );
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    const runs = await ingestRuns(database());
    expect(runs.at(-1)).toMatchObject({ outcome: 'failed', error: error.message, finished: true });
  });

  it('with --strict fails on an unknown foreign key found in SQL too', async () => {
    const folder = await copyOf(realDataset);
    await rm(join(folder, 'SHA256SUMS'));
    await appendFile(join(folder, 'reward_campaign.csv'), '4,Stray,2019-08-11 00:00:00 UTC,7\n');
    const error = await expectFailure(ingest(database(), { source: folder, strict: true }));
    expect(error.message).toBe(`${join(folder, 'reward_campaign.csv')}:5: unknown campaign 7`);
    const loose = await ingest(database(), { source: folder, limits: { allowShrink: true } });
    expect(await rejectsOfRun(database(), loose.runId)).toEqual([
      {
        file: 'reward_campaign.csv',
        line: 5,
        raw: '4,Stray,2019-08-11 00:00:00 UTC,7',
        reason: 'unknown campaign 7',
      },
    ]);
  });
});

describeEachEngine('a failing ingest', ({ database }) => {
  let before: Awaited<ReturnType<typeof dataTables>>;
  let good: IngestSummary;

  beforeAll(async () => {
    good = await ingest(database(), { source: badLinesFixture });
    before = await dataTables(database(), { sourceFileId: true });
  });

  async function expectUnchanged(error: PerxError): Promise<void> {
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    expect(await rejectsOfRun(database(), good.runId)).toEqual(expected.rejects);
    const runs = await ingestRuns(database());
    expect(runs.at(-1)).toMatchObject({ outcome: 'failed', error: error.message, finished: true });
  }

  it('on a checksum mismatch leaves the data loaded before, and records the failed run', async () => {
    const folder = await copyOf(realDataset);
    await appendFile(join(folder, 'http_log.txt'), '2019-08-27T03:35:00+00:00 GET /campaigns/1 1\n');
    const error = await expectFailure(ingest(database(), { source: folder }));
    expect(error.message).toMatch(
      new RegExp(
        `^${join(folder, 'http_log.txt')}: checksum mismatch: the file's sha256 is [0-9a-f]{64}, SHA256SUMS says 7c75e564e76d0aa0`,
      ),
    );
    await expectUnchanged(error);
    const runs = await ingestRuns(database());
    // The files read before the failure are in the failed run's record.
    expect(runs.at(-1)?.files.map((file) => file.file)).toEqual([
      'campaign.csv',
      'reward_campaign.csv',
      'reward_transaction.csv',
      'campaign_reward_mapping.csv',
    ]);
  });

  it('with --strict stops the log COPY part-way at a bad line, the log loaded before intact', async () => {
    const folder = await copyOf(realDataset);
    await rm(join(folder, 'SHA256SUMS'));
    await appendFile(
      join(folder, 'http_log.txt'),
      'not a request\n2019-08-27T03:35:00+00:00 GET /campaigns/1 1\n',
    );
    const error = await expectFailure(ingest(database(), { source: folder, strict: true }));
    expect(error.message).toBe(
      `${join(folder, 'http_log.txt')}:16001: wrong field count: expected 4 (timestamp method path user_id), found 3`,
    );
    await expectUnchanged(error);
  });

  it('refuses a Git LFS pointer in place of a data file, with or without SHA256SUMS', async () => {
    for (const [file, withSums] of [
      ['reward_transaction.csv', true],
      ['http_log.txt', false],
    ] as const) {
      const folder = await copyOf(realDataset);
      if (!withSums) await rm(join(folder, 'SHA256SUMS'));
      await copyFile(join(realDataset, 'lfs-pointers', file), join(folder, file));
      const error = await expectFailure(ingest(database(), { source: folder }));
      expect(error.message).toContain(join(folder, file));
      expect(error.message).toContain('is a Git LFS pointer');
      await expectUnchanged(error);
    }
  });

  it('fails on a missing file, a folder in place of a file, or a header without its columns', async () => {
    const missing = await copyOf(realDataset);
    await rm(join(missing, 'reward_campaign.csv'));
    const notFound = await expectFailure(ingest(database(), { source: missing }));
    const logFiles = httpLogFormats.map((format) => format.file).join(' or ');
    expect(notFound.message).toBe(
      `${join(missing, 'reward_campaign.csv')}: not found: a Perx data set holds campaign.csv, reward_campaign.csv, reward_transaction.csv, campaign_reward_mapping.csv, ${logFiles}`,
    );
    await expectUnchanged(notFound);

    const folderInstead = await copyOf(realDataset);
    await rm(join(folderInstead, 'campaign.csv'));
    await mkdir(join(folderInstead, 'campaign.csv'));
    const unreadable = await expectFailure(ingest(database(), { source: folderInstead }));
    expect(unreadable.message).toBe(
      `${join(folderInstead, 'campaign.csv')}: is a directory, not a regular file: a data set file must be a regular file`,
    );
    await expectUnchanged(unreadable);

    // A FIFO blocks a reader until something writes to it: refused before any read, never waited on.
    const fifoInstead = await copyOf(realDataset);
    await rm(join(fifoInstead, 'SHA256SUMS'));
    await rm(join(fifoInstead, 'http_log.txt'));
    execFileSync('mkfifo', [join(fifoInstead, 'http_log.txt')]);
    const fifo = await expectFailure(ingest(database(), { source: fifoInstead }));
    expect(fifo.message).toBe(
      `${join(fifoInstead, 'http_log.txt')}: is a FIFO (named pipe), not a regular file: a data set file must be a regular file`,
    );
    await expectUnchanged(fifo);

    const badHeader = await copyOf(realDataset);
    await rm(join(badHeader, 'SHA256SUMS'));
    await writeFile(join(badHeader, 'campaign.csv'), 'Id,title,status\n1,A,active\n');
    const header = await expectFailure(ingest(database(), { source: badHeader }));
    expect(header.message).toBe(
      `${join(badHeader, 'campaign.csv')}:1: the header "Id,title,status" must name the columns id,name,status (in any order and case), each once`,
    );
    await expectUnchanged(header);
  });

  it('fails on a malformed SHA256SUMS, or one that does not list a file', async () => {
    const folder = await copyOf(realDataset);
    await writeFile(join(folder, 'SHA256SUMS'), 'not a checksum line\n');
    const malformed = await expectFailure(ingest(database(), { source: folder }));
    expect(malformed.message).toBe(
      `${join(folder, 'SHA256SUMS')}:1: expected "<sha256>  <file name>", as sha256sum writes it`,
    );
    const sums = await readFile(join(realDataset, 'SHA256SUMS'), 'utf8');
    await writeFile(
      join(folder, 'SHA256SUMS'),
      sums
        .split('\n')
        .filter((line) => !line.endsWith('http_log.txt'))
        .join('\n'),
    );
    const unlisted = await expectFailure(ingest(database(), { source: folder }));
    expect(unlisted.message).toBe(`${join(folder, 'SHA256SUMS')}: lists no checksum for http_log.txt`);
    await expectUnchanged(unlisted);
  });

  it('fails on a source that is not a folder, still recording the run', async () => {
    const error = await expectFailure(
      ingest(database(), { source: join(badLinesFixture, 'no-such-folder') }),
    );
    await expectUnchanged(error);
  });

  it('then loads again normally', async () => {
    const summary = await ingest(database(), { source: badLinesFixture, limits: { allowShrink: true } });
    expect(summary.files.map(counts)).toEqual(expected.files);
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
  });
});
