import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import avro from 'avsc';
import { InputError, errorMessage } from '../errors.js';
import { schemaDifferences } from './schema-match.js';
import type { AvroContract } from './schemas.js';
import { avroTypeOptions } from './timestamp-micros.js';

/**
 * Reads an Avro object container file record by record, streamed.
 *
 * The framing (header, then blocks of: record count, byte size, data, sync marker) is read here, with
 * avsc decoding each part, rather than by avsc's BlockDecoder: that stream ends without an error when a
 * file stops in the middle of a block, and a truncated file must fail, not load fewer rows. Reading the
 * header first also lets the writer schema be checked against ours before any record is read.
 */
export interface AvroRecord<T> {
  /** 1-based position of the record in the file: what a line number is to a text file. */
  recordNumber: number;
  value: T;
}

const magic = Buffer.from('Obj\x01', 'latin1');
const syncSize = 16;
// A block is a bounded slice of the file; a larger size means a corrupt count, not data to buffer.
const maxBlockBytes = 64 * 1024 * 1024;
const maxHeaderBytes = 16 * 1024 * 1024;

// The header and block layouts as the Avro specification defines them.
const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: syncSize } },
  ],
});
const blockPrefixType = avro.Type.forSchema({
  type: 'record',
  name: 'BlockPrefix',
  fields: [
    { name: 'count', type: 'long' },
    { name: 'size', type: 'long' },
  ],
});

const inflate = promisify(inflateRaw);
const codecs: Record<string, (data: Buffer) => Promise<Buffer>> = {
  null: (data) => Promise.resolve(data),
  deflate: (data) => inflate(data),
};

/** The records of an Avro file on disk; see readAvroRecords. */
export function readAvroFile<T>(
  path: string,
  contract: AvroContract,
  name: string = path,
): AsyncGenerator<AvroRecord<T>> {
  return readAvroRecords<T>(createReadStream(path, { highWaterMark: 256 * 1024 }), contract, name);
}

/**
 * Yields the records of a file, given as its bytes, refusing a file whose writer schema is not the
 * contract's (see schemaDifferences). `name` is how errors name the file. Every failure is an
 * InputError naming the file and, where it lies in one, the record. The bytes are read to their end,
 * so a caller hashing them sees the whole file.
 */
export async function* readAvroRecords<T>(
  chunks: AsyncIterable<Buffer>,
  contract: AvroContract,
  name: string,
): AsyncGenerator<AvroRecord<T>> {
  const bytes = new ByteReader(chunks, name);
  try {
    const header = await readHeader(bytes, name);
    const writerType = writerTypeFor(header.meta, contract, name);
    const decompress = codecFor(header.meta, name);
    let recordNumber = 0;
    for (let block = 1; ; block++) {
      const prefix = await bytes.decode(blockPrefixType, `block ${block} header`, 64);
      if (prefix === undefined) {
        if (bytes.remaining > 0) {
          throw new InputError(
            name,
            undefined,
            `truncated: the file ends inside block ${block}, after record ${recordNumber}`,
          );
        }
        return;
      }
      const { count, size } = prefix as { count: number; size: number };
      const where = `block ${block}, after record ${recordNumber}`;
      if (count < 0 || size < 0 || size > maxBlockBytes) {
        throw new InputError(name, undefined, `corrupt: ${where} declares ${count} records in ${size} bytes`);
      }
      const framed = await bytes.take(size + syncSize);
      if (framed === undefined) {
        throw new InputError(name, undefined, `truncated: the file ends inside ${where}`);
      }
      if (!framed.subarray(size).equals(header.sync)) {
        throw new InputError(name, undefined, `corrupt: ${where} does not end with the file's sync marker`);
      }
      const data = await decompress(framed.subarray(0, size)).catch((error: unknown) => {
        throw new InputError(
          name,
          undefined,
          `corrupt: ${where} cannot be decompressed: ${errorMessage(error)}`,
        );
      });
      let offset = 0;
      for (let i = 0; i < count; i++) {
        recordNumber++;
        let decoded: { value: unknown; offset: number };
        try {
          decoded = writerType.decode(data, offset);
        } catch (error) {
          throw new InputError(name, recordNumber, `corrupt record: ${errorMessage(error)}`);
        }
        if (decoded.offset < 0) {
          throw new InputError(name, recordNumber, `corrupt: ${where} ends inside this record`);
        }
        offset = decoded.offset;
        yield { recordNumber, value: decoded.value as T };
      }
      if (offset !== data.length) {
        throw new InputError(
          name,
          undefined,
          `corrupt: ${where} holds ${data.length - offset} bytes past its ${count} records`,
        );
      }
    }
  } finally {
    await bytes.close();
  }
}

interface Header {
  meta: Record<string, Buffer>;
  sync: Buffer;
}

async function readHeader(bytes: ByteReader, name: string): Promise<Header> {
  const start = await bytes.peek(magic.length);
  if (start === undefined || !start.subarray(0, magic.length).equals(magic)) {
    throw new InputError(
      name,
      undefined,
      bytes.remaining === 0
        ? 'the file is empty, not an Avro object container file'
        : 'not an Avro object container file (it does not start with "Obj" 1)',
    );
  }
  const header = (await bytes.decode(headerType, 'Avro header', maxHeaderBytes)) as Header | undefined;
  if (header === undefined)
    throw new InputError(name, undefined, 'truncated: the file ends inside its Avro header');
  return header;
}

function writerTypeFor(meta: Record<string, Buffer>, contract: AvroContract, name: string): avro.Type {
  let schema: unknown;
  try {
    schema = JSON.parse(meta['avro.schema']?.toString('utf8') ?? 'null');
  } catch {
    throw new InputError(name, undefined, 'corrupt: the writer schema in the header is not JSON');
  }
  const differences = schemaDifferences(contract.schema, schema);
  if (differences.length > 0) {
    throw new InputError(
      name,
      undefined,
      `written with a schema other than schemas/${contract.file}: ${differences.join('; ')}`,
    );
  }
  return avro.Type.forSchema(schema as avro.Schema, avroTypeOptions());
}

function codecFor(meta: Record<string, Buffer>, name: string): (data: Buffer) => Promise<Buffer> {
  const codec = meta['avro.codec']?.toString('utf8') || 'null';
  const decompress = codecs[codec];
  if (!decompress) {
    throw new InputError(name, undefined, `uses the ${codec} codec; only deflate and null are supported`);
  }
  return decompress;
}

/**
 * The file's bytes, pulled from the chunks only as far as needed. Chunks are joined only when a
 * value is decoded, so a large block costs one copy, not one per chunk.
 */
class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buffered: Buffer[] = [];
  private length = 0;
  private ended = false;

  constructor(
    chunks: AsyncIterable<Buffer>,
    private readonly name: string,
  ) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  get remaining(): number {
    return this.length;
  }

  /** At least `size` bytes without consuming them, or undefined at the end of the file before that. */
  async peek(size: number): Promise<Buffer | undefined> {
    while (this.length < size && (await this.pull()));
    return this.length >= size ? this.joined() : undefined;
  }

  async take(size: number): Promise<Buffer | undefined> {
    const bytes = await this.peek(size);
    if (bytes === undefined) return undefined;
    this.consume(size);
    return bytes.subarray(0, size);
  }

  /**
   * Decodes one value of `type` at the front, or undefined when the file ends before it is complete.
   * More than `maxBytes` without a complete value means a corrupt length, not a value to keep buffering.
   */
  async decode(type: avro.Type, what: string, maxBytes: number): Promise<unknown> {
    for (;;) {
      if (this.length > 0) {
        let decoded: { value: unknown; offset: number };
        try {
          decoded = type.decode(this.joined(), 0);
        } catch (error) {
          throw new InputError(this.name, undefined, `corrupt ${what}: ${errorMessage(error)}`);
        }
        if (decoded.offset >= 0) {
          this.consume(decoded.offset);
          return decoded.value;
        }
        if (this.length > maxBytes) {
          throw new InputError(
            this.name,
            undefined,
            `corrupt ${what}: not complete within ${maxBytes} bytes`,
          );
        }
      }
      if (!(await this.pull())) return undefined;
    }
  }

  /** Lets the source release its file when reading stops early. */
  async close(): Promise<void> {
    if (!this.ended) await this.chunks.return?.();
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      throw new InputError(this.name, undefined, `cannot read: ${errorMessage(error)}`, { cause: error });
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffered.push(next.value);
    this.length += next.value.length;
    return true;
  }

  private joined(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.length)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  private consume(size: number): void {
    const rest = this.joined().subarray(size);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }
}
