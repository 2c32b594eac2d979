import avro from 'avsc';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportHttpLogAvro } from '../../src/avro/http-log-export.js';
import { writeAvroFile } from '../../src/avro/container-writer.js';
import { httpLogContract } from '../../src/avro/schemas.js';
import { logicalTypes } from '../../src/avro/timestamp-micros.js';
import { ingest } from '../../src/ingest/load.js';
import { httpLogRequest } from '../../src/ingest/parsers/http-log.js';
import { Timestamp } from '../../src/ingest/parsers/timestamp.js';
import { describeEachEngine } from '../support/engines.js';
import { pythonAvroAvailable, readWithPython } from './python-avro.js';
import { sourceFolder, storedRequests, type StoredRequest } from './source-folder.js';

/**
 * Equal times (kept in file order), an exact duplicate, offsets, microseconds, a backslash and a
 * non-ASCII user id. No blank or bad line, so every line number survives the round trip.
 */
const textLog = [
  '2019-08-26T17:25:19+00:00 GET /campaigns/11 1014506',
  '2019-08-26T17:25:19+00:00 POST /rewards/7993 1014506',
  '2019-08-27T01:25:20.123456+08:00 GET /campaigns/12 2000020076516',
  '2019-08-26T17:25:19+00:00 GET /campaigns/11 1014506',
  '2019-08-26T09:00:00Z GET /home 42',
  '2019-08-26T09:00:00.000001Z GET /campaigns/x?ref=a\\b 42',
  '2019-08-26T17:30:00-05:30 PUT /campaigns/13 é',
].join('\n');

/** The same requests as stored: worked out by hand from the lines above. */
const expectedRequests: StoredRequest[] = [
  {
    timestamp: '2019-08-26T17:25:19.000000Z',
    http_method: 'GET',
    http_path: '/campaigns/11',
    user_id: '1014506',
    source_line: 1,
  },
  {
    timestamp: '2019-08-26T17:25:19.000000Z',
    http_method: 'POST',
    http_path: '/rewards/7993',
    user_id: '1014506',
    source_line: 2,
  },
  {
    timestamp: '2019-08-26T17:25:20.123456Z',
    http_method: 'GET',
    http_path: '/campaigns/12',
    user_id: '2000020076516',
    source_line: 3,
  },
  {
    timestamp: '2019-08-26T17:25:19.000000Z',
    http_method: 'GET',
    http_path: '/campaigns/11',
    user_id: '1014506',
    source_line: 4,
  },
  {
    timestamp: '2019-08-26T09:00:00.000000Z',
    http_method: 'GET',
    http_path: '/home',
    user_id: '42',
    source_line: 5,
  },
  {
    timestamp: '2019-08-26T09:00:00.000001Z',
    http_method: 'GET',
    http_path: '/campaigns/x?ref=a\\b',
    user_id: '42',
    source_line: 6,
  },
  {
    timestamp: '2019-08-26T23:00:00.000000Z',
    http_method: 'PUT',
    http_path: '/campaigns/13',
    user_id: 'é',
    source_line: 7,
  },
];

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-avro-log-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const withoutLine = ({ source_line: _line, ...request }: StoredRequest) => request;

describeEachEngine('the HTTP log in Avro', ({ database, engine }) => {
  const here = (name: string) => join(folder, engine, name);

  beforeAll(async () => {
    await mkdir(join(folder, engine));
  });

  it('goes text -> database -> Avro -> database unchanged, line numbers included', async () => {
    await ingest(database(), {
      source: await sourceFolder(here('text'), { file: 'http_log.txt', content: textLog }),
    });
    expect(await storedRequests(database())).toEqual(expectedRequests);

    const exported = await exportHttpLogAvro(database(), here('http_log.avro'));
    expect(exported).toMatchObject({ records: 7 });
    const avroSource = await sourceFolder(here('avro'), {
      file: 'http_log.avro',
      content: await readFile(here('http_log.avro')),
    });
    const summary = await ingest(database(), { source: avroSource });
    expect(summary.files.at(-1)).toMatchObject({
      file: 'http_log.avro',
      lines: 7,
      loaded: 7,
      rejected: 0,
      bytes: exported.bytes,
    });
    expect(await storedRequests(database())).toEqual(expectedRequests);
  });

  it.runIf(pythonAvroAvailable)(
    'is read by Apache Avro for Python with the same count and values',
    async () => {
      const reading = readWithPython(here('http_log.avro'));
      expect(reading.count).toBe(7);
      expect(reading.codec).toBe('deflate');
      expect(reading.records).toEqual(expectedRequests.map(withoutLine));
      expect(reading.records).toEqual((await storedRequests(database())).map(withoutLine));
    },
  );

  it('numbers records densely when the text had blank or bad lines, keeping every row and its order', async () => {
    const gappy = [
      '2019-08-26T10:00:00Z GET /a 1',
      '',
      'not a request',
      '2019-08-26T10:00:00Z GET /b 1',
    ].join('\n');
    // A few requests, a third rejected, in place of the log loaded before: allowed (table-changes.ts).
    const summary = await ingest(database(), {
      source: await sourceFolder(here('gappy'), { file: 'http_log.txt', content: gappy }),
      limits: { allowShrink: true },
    });
    expect(summary.files.at(-1)).toMatchObject({ lines: 3, loaded: 2, rejected: 1 });
    expect((await storedRequests(database())).map((row) => row.source_line)).toEqual([1, 4]);
    await exportHttpLogAvro(database(), here('gappy.avro'));
    const avroSource = await sourceFolder(here('gappy-avro'), {
      file: 'http_log.avro',
      content: await readFile(here('gappy.avro')),
    });
    await ingest(database(), { source: avroSource, limits: { allowShrink: true } });
    expect(await storedRequests(database())).toEqual([
      {
        timestamp: '2019-08-26T10:00:00.000000Z',
        http_method: 'GET',
        http_path: '/a',
        user_id: '1',
        source_line: 1,
      },
      {
        timestamp: '2019-08-26T10:00:00.000000Z',
        http_method: 'GET',
        http_path: '/b',
        user_id: '1',
        source_line: 2,
      },
    ]);
  });

  it('rejects each record its text line would be rejected for, with the record number, the reason and the record', async () => {
    const at = 1_566_810_000_000_000; // 2019-08-26T09:00:00Z
    const request = { timestamp: at, http_method: 'GET', http_path: '/campaigns/11', user_id: '7' };
    const records = [
      request,
      { ...request, user_id: '' },
      { ...request, http_path: 'campaigns/11' },
      { ...request, http_method: 'G:T' },
      { ...request, user_id: '10 14' },
      { ...request, http_path: '/a\tb' },
      { ...request, timestamp: at + 1, user_id: ' 8' },
      { ...request, user_id: 'a\0b' },
      { ...request, http_method: 'POST', http_path: '/rewards/7993', timestamp: at + 1 },
    ];
    await writeAvroFile(here('with-rejects.avro'), httpLogContract, records);
    const source = await sourceFolder(here('rejects'), {
      file: 'http_log.avro',
      content: await readFile(here('with-rejects.avro')),
    });
    const summary = await ingest(database(), { source, limits: { allowShrink: true } });
    expect(summary.files.at(-1)).toMatchObject({ file: 'http_log.avro', lines: 9, loaded: 2, rejected: 7 });
    expect(await storedRequests(database())).toEqual([
      {
        timestamp: '2019-08-26T09:00:00.000000Z',
        http_method: 'GET',
        http_path: '/campaigns/11',
        user_id: '7',
        source_line: 1,
      },
      {
        timestamp: '2019-08-26T09:00:00.000001Z',
        http_method: 'POST',
        http_path: '/rewards/7993',
        user_id: '7',
        source_line: 9,
      },
    ]);
    const rejects = await database().query<{ line_number: number; raw: string; reason: string }>(
      'SELECT line_number, raw, reason FROM ingest_reject WHERE ingest_run_id = $1 AND file = $2 ORDER BY line_number',
      [summary.runId, 'http_log.avro'],
    );
    const rejected = [2, 3, 4, 5, 6, 7, 8];
    expect(rejects.map((reject) => reject.line_number)).toEqual(rejected);
    // The raw text is the record as JSON, its time as exact UTC text.
    expect(rejects.map((reject) => JSON.parse(reject.raw) as unknown)).toEqual(
      rejected.map((line) => ({
        ...records[line - 1],
        timestamp: line === 7 ? '2019-08-26T09:00:00.000001Z' : '2019-08-26T09:00:00.000000Z',
      })),
    );
    // The reasons are the text log's: the same rules, shared with the text parser.
    const reasonFor = (record: (typeof records)[number]) => {
      try {
        httpLogRequest(new Timestamp(0), record.http_method, record.http_path, record.user_id, 0);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(rejects.map((reject) => reject.reason)).toEqual([
      ...[2, 3, 4, 5, 6, 7].map((line) => reasonFor(records[line - 1]!)),
      'contains a NUL character, which text columns cannot hold',
    ]);
    expect(new Set(rejects.map((reject) => reject.reason)).size).toBe(7);

    // Records 3 and 4 can be written as text lines: the text log rejects them with the same reasons.
    const textLines = [
      '2019-08-26T09:00:00Z GET campaigns/11 7',
      '2019-08-26T09:00:00Z G:T /campaigns/11 7',
    ].join('\n');
    const textRun = await ingest(database(), {
      source: await sourceFolder(here('rejects-text'), { file: 'http_log.txt', content: textLines }),
      limits: { allowShrink: true },
    });
    const textRejects = await database().query<{ reason: string }>(
      'SELECT reason FROM ingest_reject WHERE ingest_run_id = $1 AND file = $2 ORDER BY line_number',
      [textRun.runId, 'http_log.txt'],
    );
    expect(textRejects.map((reject) => reject.reason)).toEqual([rejects[1]!.reason, rejects[2]!.reason]);
  });

  it('loads every instant both a long and a timestamptz hold, and rejects the rest with the reason', async () => {
    const request = { http_method: 'GET', http_path: '/campaigns/11', user_id: '7' };
    // Microseconds since 1970, worked out by hand: -210866803200 s is -004713-11-24T00:00:00Z (4714 BC,
    // PostgreSQL's first instant); 32503680000 s is 3000-01-01; 8.64e15 ms is +275760-09-13, a Date's
    // last instant; 2^63 - 1 and -2^63 are a long's ends.
    const times = [
      -210_866_803_200_000_000n,
      -210_866_803_200_000_001n,
      32_503_680_000_000_000n,
      8_640_000_000_000_000_000n,
      8_640_000_000_000_000_001n,
      2n ** 63n - 1n,
      -(2n ** 63n),
    ];
    await writeAvroFile(
      here('extreme.avro'),
      httpLogContract,
      times.map((timestamp) => ({ timestamp, ...request })),
    );
    const source = await sourceFolder(here('extreme'), {
      file: 'http_log.avro',
      content: await readFile(here('extreme.avro')),
    });
    const summary = await ingest(database(), { source, limits: { allowShrink: true } });
    expect(summary.files.at(-1)).toMatchObject({ file: 'http_log.avro', lines: 7, loaded: 3, rejected: 4 });
    const stored = await database().query<{ micros: string; source_line: number }>(
      `SELECT (extract(epoch FROM "timestamp") * 1000000)::numeric(24, 0)::text AS micros, source_line
       FROM http_log ORDER BY source_line`,
    );
    expect(stored).toEqual([
      { micros: '-210866803200000000', source_line: 1 },
      { micros: '32503680000000000', source_line: 3 },
      { micros: '8640000000000000000', source_line: 4 },
    ]);
    const rejects = await database().query<{ line_number: number; raw: string; reason: string }>(
      'SELECT line_number, raw, reason FROM ingest_reject WHERE ingest_run_id = $1 AND file = $2 ORDER BY line_number',
      [summary.runId, 'http_log.avro'],
    );
    const before =
      "is before -004713-11-24T00:00:00Z (4714 BC), the first instant PostgreSQL's timestamptz holds";
    const after = "is after +275760-09-13T00:00:00Z, the last instant perx reads (a JavaScript Date's)";
    expect(rejects).toEqual([
      {
        line_number: 2,
        raw: JSON.stringify({ timestamp: '-004713-11-23T23:59:59.999999Z', ...request }),
        reason: `bad timestamp: -004713-11-23T23:59:59.999999Z ${before}`,
      },
      {
        line_number: 5,
        raw: JSON.stringify({ timestamp: '+275760-09-13T00:00:00.000001Z', ...request }),
        reason: `bad timestamp: +275760-09-13T00:00:00.000001Z ${after}`,
      },
      {
        line_number: 6,
        raw: JSON.stringify({ timestamp: '+294247-01-10T04:00:54.775807Z', ...request }),
        reason: `bad timestamp: +294247-01-10T04:00:54.775807Z ${after}`,
      },
      {
        line_number: 7,
        raw: JSON.stringify({ timestamp: '-290308-12-21T19:59:05.224192Z', ...request }),
        reason: `bad timestamp: -290308-12-21T19:59:05.224192Z ${before}`,
      },
    ]);
  });

  it('refuses a file written with another schema, naming it and the differences, and keeps the data', async () => {
    const before = await storedRequests(database());
    const otherSchema = {
      ...httpLogContract,
      schema: {
        ...httpLogContract.schema,
        fields: [...httpLogContract.schema.fields, { name: 'source_line', type: 'long' }],
      },
    };
    const contract = {
      ...otherSchema,
      type: avro.Type.forSchema(otherSchema.schema as avro.Schema, { logicalTypes }),
    };
    const source = here('other-schema');
    await sourceFolder(source, { file: 'http_log.avro', content: '' });
    await writeAvroFile(join(source, 'http_log.avro'), contract, [
      { timestamp: 0, http_method: 'GET', http_path: '/', user_id: '1', source_line: 1 },
    ]);
    await expect(ingest(database(), { source })).rejects.toThrow(
      `${join(source, 'http_log.avro')}: written with a schema other than schemas/http_log.avsc: unexpected field source_line (long)`,
    );
    expect(await storedRequests(database())).toEqual(before);
  });

  it('fails cleanly on a truncated file, naming it, and keeps the data', async () => {
    const before = await storedRequests(database());
    await writeAvroFile(here('to-truncate.avro'), httpLogContract, [
      { timestamp: 0, http_method: 'GET', http_path: '/', user_id: '1' },
    ]);
    const whole = await readFile(here('to-truncate.avro'));
    const source = await sourceFolder(here('truncated'), {
      file: 'http_log.avro',
      content: whole.subarray(0, whole.length - 20),
    });
    await expect(ingest(database(), { source })).rejects.toThrow(
      `${join(source, 'http_log.avro')}: truncated: the file ends inside block 1, after record 0`,
    );
    expect(await storedRequests(database())).toEqual(before);
    const [run] = await database().query<{ outcome: string }>(
      'SELECT outcome FROM ingest_run ORDER BY id DESC LIMIT 1',
    );
    expect(run?.outcome).toBe('failed');
  });

  it('writes no file when the export fails', async () => {
    await writeFile(here('blocker'), '');
    await expect(exportHttpLogAvro(database(), join(here('blocker'), 'http_log.avro'))).rejects.toThrow(
      /^cannot write .*blocker\/http_log\.avro: ENOTDIR/,
    );
    expect((await readdir(join(folder, engine))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
