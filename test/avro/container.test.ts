import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAvroFile, readAvroRecords } from '../../src/avro/container-reader.js';
import { writeAvroFile } from '../../src/avro/container-writer.js';
import { httpLogContract } from '../../src/avro/schemas.js';
import { InputError, PerxError } from '../../src/errors.js';
import { pythonAvroAvailable, readWithPython, writeWithPython } from './python-avro.js';

interface Request {
  timestamp: number;
  http_method: string;
  http_path: string;
  user_id: string;
}

// Microseconds a Date cannot hold, equal times, and text that needs escaping in other formats.
const requests: Request[] = [
  {
    timestamp: 1_566_864_425_000_000,
    http_method: 'GET',
    http_path: '/campaigns/11',
    user_id: '2000020076516',
  },
  {
    timestamp: 1_566_864_425_000_000,
    http_method: 'POST',
    http_path: '/rewards/7993',
    user_id: '2000020076516',
  },
  { timestamp: 1_566_864_425_000_001, http_method: 'GET', http_path: '/a\tb\\c "d" é 😀', user_id: 'ü' },
  { timestamp: -1, http_method: '', http_path: '', user_id: '' },
];

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-avro-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readAll(path: string): Promise<Request[]> {
  const records: Request[] = [];
  for await (const { value } of readAvroFile<Request>(path, httpLogContract)) records.push({ ...value });
  return records;
}

/** Reads a file, or bytes, to the end and returns the error it fails with, if any. */
async function failure(file: string | Buffer, name = 'http_log.avro'): Promise<unknown> {
  const records =
    typeof file === 'string'
      ? readAvroFile(file, httpLogContract, name)
      : readAvroRecords(Readable.from([file]), httpLogContract, name);
  try {
    await drain(records);
  } catch (error) {
    return error;
  }
  return undefined;
}

async function drain(source: AsyncIterable<unknown>): Promise<number> {
  const iterator = source[Symbol.asyncIterator]();
  let count = 0;
  while (!(await iterator.next()).done) count++;
  return count;
}

/** A file written by avsc directly, with any schema and codec. */
async function writeWithAvsc(
  path: string,
  schema: avro.Schema,
  records: object[],
  options = {},
): Promise<void> {
  await pipeline(
    Readable.from(records),
    new avro.streams.BlockEncoder(schema, options),
    createWriteStream(path),
  );
}

function* manyRequests(count: number): Iterable<Request> {
  for (let i = 0; i < count; i++) {
    yield {
      timestamp: 1_566_864_425_000_000 + i,
      http_method: 'GET',
      http_path: `/campaigns/${i}`,
      user_id: String(i % 97),
    };
  }
}

describe('Avro container files', () => {
  it('reads back what it wrote, record for record', async () => {
    const path = join(folder, 'round-trip.avro');
    const written = await writeAvroFile(path, httpLogContract, requests);
    expect(written).toMatchObject({ path, records: 4 });
    expect((await readFile(path)).length).toBe(written.bytes);
    expect(await readAll(path)).toEqual(requests);
  });

  it('numbers records across blocks, and writes deflate blocks with the schema in the header', async () => {
    const path = join(folder, 'many.avro');
    await writeAvroFile(path, httpLogContract, manyRequests(30_000));
    const numbers: number[] = [];
    for await (const { recordNumber, value } of readAvroFile<Request>(path, httpLogContract)) {
      expect(value.http_path).toBe(`/campaigns/${recordNumber - 1}`);
      numbers.push(recordNumber);
    }
    expect(numbers.length).toBe(30_000);
    expect(numbers[29_999]).toBe(30_000);
    const header = avro.extractFileHeader(path) as { meta: Record<string, unknown> };
    expect(header.meta['avro.codec']).toBe('deflate');
    expect(header.meta['avro.schema']).toEqual(httpLogContract.type.schema({ exportAttrs: true }));
    const blocks = new Set<number>();
    // More than one block: truncation inside a later block must be caught too (below).
    const decoder = avro
      .createFileDecoder(path)
      .on('block', (block: { valueCount: number }) => blocks.add(block.valueCount));
    await drain(decoder);
    expect(blocks.size).toBeGreaterThan(1);
  });

  it('writes a valid file with a header and no blocks when there are no records', async () => {
    const path = join(folder, 'empty.avro');
    expect(await writeAvroFile(path, httpLogContract, [])).toMatchObject({ records: 0 });
    expect(await readAll(path)).toEqual([]);
  });

  it('leaves no file, not even a temporary one, when the records fail part way', async () => {
    const target = join(folder, 'failing', 'out.avro');
    await mkdir(join(folder, 'failing'));
    async function* failing(): AsyncGenerator<Request> {
      for (const request of manyRequests(50_000)) yield await Promise.resolve(request);
      throw new Error('the database went away');
    }
    await expect(writeAvroFile(target, httpLogContract, failing())).rejects.toThrow(
      `cannot write ${target}: the database went away`,
    );
    expect(await readdir(join(folder, 'failing'))).toEqual([]);
  });

  it('names the field of a record that does not fit the schema, and leaves no file', async () => {
    const target = join(folder, 'failing', 'invalid.avro');
    const invalid = { ...requests[0], user_id: 42 };
    const error = await writeAvroFile(target, httpLogContract, [requests[0]!, invalid]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerxError);
    expect((error as Error).message).toBe(
      `cannot write ${target}: a record does not fit http_log.avsc: user_id = 42 is not string`,
    );
    expect(await readdir(join(folder, 'failing'))).toEqual([]);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const target = join(folder, 'no-such-folder', 'out.avro');
    await expect(writeAvroFile(target, httpLogContract, requests)).rejects.toThrow(
      new RegExp(`^cannot write ${target}: ENOENT`),
    );
  });

  it('fails with the file named on every truncation except at a block boundary', async () => {
    const path = join(folder, 'whole.avro');
    await writeAvroFile(path, httpLogContract, requests);
    const whole = await readFile(path);
    await writeAvroFile(join(folder, 'header-only.avro'), httpLogContract, []);
    // The sync marker differs between files but not its length, so this is where the one block starts.
    const headerLength = (await readFile(join(folder, 'header-only.avro'))).length;
    for (let length = 0; length < whole.length; length++) {
      const error = await failure(whole.subarray(0, length));
      if (length === headerLength) {
        // Avro has no trailer: a file cut between blocks is a shorter valid file.
        expect(error).toBeUndefined();
        continue;
      }
      expect(error, `cut at ${length} bytes`).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      if (length === 0)
        expect(message).toBe('http_log.avro: the file is empty, not an Avro object container file');
      else if (length < 4) expect(message).toMatch(/^http_log\.avro: not an Avro object container file/);
      else if (length < headerLength)
        expect(message).toBe('http_log.avro: truncated: the file ends inside its Avro header');
      else expect(message).toBe('http_log.avro: truncated: the file ends inside block 1, after record 0');
    }
  });

  it('names the block when a later block is cut off', async () => {
    const path = join(folder, 'many.avro');
    const whole = await readFile(path);
    await writeFile(join(folder, 'cut-many.avro'), whole.subarray(0, whole.length - 10));
    const error = await failure(join(folder, 'cut-many.avro'), 'http_log.avro');
    expect((error as Error).message).toMatch(
      /^http_log\.avro: truncated: the file ends inside block \d+, after record \d+$/,
    );
    expect((error as Error).message).not.toMatch(/block 1,/);
  });

  it('fails on a corrupt sync marker, and on files that are not Avro', async () => {
    const path = join(folder, 'whole.avro');
    const corrupt = Buffer.from(await readFile(path));
    corrupt[corrupt.length - 1]! ^= 0xff;
    await writeFile(join(folder, 'corrupt.avro'), corrupt);
    expect(((await failure(join(folder, 'corrupt.avro'), 'http_log.avro')) as Error).message).toBe(
      "http_log.avro: corrupt: block 1, after record 0 does not end with the file's sync marker",
    );
    await writeFile(join(folder, 'text.avro'), '2019-08-27T00:07:05+00:00 GET /campaigns/11 1\n');
    expect(((await failure(join(folder, 'text.avro'), 'http_log.avro')) as Error).message).toBe(
      'http_log.avro: not an Avro object container file (it does not start with "Obj" 1)',
    );
    expect(((await failure(join(folder, 'missing.avro'), 'http_log.avro')) as Error).message).toMatch(
      /^http_log\.avro: cannot read: ENOENT/,
    );
  });

  it('refuses a file written with another schema before reading any record, saying how it differs', async () => {
    const path = join(folder, 'other-schema.avro');
    const otherSchema = {
      type: 'record',
      name: 'LogLine',
      namespace: 'com.example',
      fields: [
        { name: 'timestamp', type: 'string' },
        { name: 'http_method', type: 'string' },
        { name: 'path', type: 'string' },
        { name: 'user_id', type: 'long' },
      ],
    };
    const record = {
      timestamp: '2019-08-27T00:07:05+00:00',
      http_method: 'GET',
      path: '/campaigns/11',
      user_id: 1,
    };
    await writeWithAvsc(path, otherSchema as avro.Schema, [record], { codec: 'deflate' });
    expect(((await failure(path, 'source/http_log.avro')) as Error).message).toBe(
      'source/http_log.avro: written with a schema other than schemas/http_log.avsc: ' +
        'record name is com.example.LogLine, expected perx.analytics.HttpRequest; ' +
        'field timestamp is string, expected long (timestamp-micros); ' +
        'field http_path (string) is missing; ' +
        'field user_id is long, expected string; ' +
        'unexpected field path (string)',
    );
  });

  it('reads a file whose writer put our fields in another order, with other docs, by field name', async () => {
    const path = join(folder, 'reordered.avro');
    const reordered = {
      ...httpLogContract.schema,
      doc: 'written elsewhere',
      fields: [...httpLogContract.schema.fields].reverse().map((field) => ({ ...field, doc: 'other words' })),
    };
    await writeWithAvsc(path, reordered as avro.Schema, requests, { codec: 'null' });
    expect(await readAll(path)).toEqual(requests);
  });

  it('refuses codecs it cannot read', async () => {
    const path = join(folder, 'snappy.avro');
    // Any compressor will do: the reader must refuse the codec's name before it reads a block.
    const snappy = (buffer: Buffer, callback: (error: Error | null, data?: Buffer) => void) =>
      callback(null, buffer);
    await writeWithAvsc(path, httpLogContract.type, requests, { codec: 'snappy', codecs: { snappy } });
    expect(((await failure(path, 'http_log.avro')) as Error).message).toBe(
      'http_log.avro: uses the snappy codec; only deflate and null are supported',
    );
  });
});

describe.runIf(pythonAvroAvailable)('Avro container files and Apache Avro for Python', () => {
  it('reads our files: count, codec, schema with its logical type, and every value', async () => {
    const path = join(folder, 'for-python.avro');
    await writeAvroFile(path, httpLogContract, requests);
    const reading = readWithPython(path);
    expect(reading.count).toBe(4);
    expect(reading.codec).toBe('deflate');
    expect(reading.schema.name).toBe('perx.analytics.HttpRequest');
    expect(reading.schema.fields[0]).toMatchObject({
      name: 'timestamp',
      type: { type: 'long', logicalType: 'timestamp-micros' },
    });
    expect(reading.records).toEqual([
      {
        timestamp: '2019-08-27T00:07:05.000000Z',
        http_method: 'GET',
        http_path: '/campaigns/11',
        user_id: '2000020076516',
      },
      {
        timestamp: '2019-08-27T00:07:05.000000Z',
        http_method: 'POST',
        http_path: '/rewards/7993',
        user_id: '2000020076516',
      },
      {
        timestamp: '2019-08-27T00:07:05.000001Z',
        http_method: 'GET',
        http_path: '/a\tb\\c "d" é 😀',
        user_id: 'ü',
      },
      { timestamp: '1969-12-31T23:59:59.999999Z', http_method: '', http_path: '', user_id: '' },
    ]);
  });

  it('reads an empty export as a file of no records', async () => {
    const path = join(folder, 'empty-for-python.avro');
    await writeAvroFile(path, httpLogContract, []);
    expect(readWithPython(path)).toMatchObject({ count: 0, codec: 'deflate', records: [] });
  });

  for (const codec of ['deflate', 'null'] as const) {
    it(`is read by us when it writes with our schema (${codec} codec)`, async () => {
      const path = join(folder, `from-python-${codec}.avro`);
      writeWithPython('schemas/http_log.avsc', path, codec, requests);
      expect(await readAll(path)).toEqual(requests);
    });
  }
});
